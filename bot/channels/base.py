"""What every channel adapter offers the core, and how it reports trouble."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from domain.customers import Channel
from domain.messages import Outbound


class DeliveryFailed(Exception):
    """Sending did not work. Temporary unless `permanent`; `unreachable` means the person
    cannot be reached on this channel at all (blocked the bot, bad number); `opted_out` that
    they asked for no messages here, which is nobody's fault and nothing to alert about;
    `instead` names the channel that is to carry the message in place of this one."""

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unreachable: bool = False,
        opted_out: bool = False,
        instead: Channel | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent or unreachable or opted_out or instead is not None
        self.unreachable = unreachable
        self.opted_out = opted_out
        self.instead = instead


class MediaUnavailable(Exception):
    """A file the customer sent cannot be fetched right now; try again later."""


class ChannelSender(Protocol):
    def pieces(self, message: Outbound) -> list[Outbound]:
        """The message as the platform calls that carry it, in order (see split_message)."""
        ...

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        """Deliver one piece; the platform's id for it. Raises DeliveryFailed."""
        ...


class MediaSource(Protocol):
    async def fetch(self, ref: str) -> bytes:
        """The bytes of a file the customer sent. Raises MediaUnavailable or ValueError."""
        ...


def split_message(message: Outbound, split: Callable[[str], list[str]]) -> list[Outbound]:
    """One piece per platform call: each file, then the text cut by `split`, the options on
    the last piece. A retry then repeats only what failed."""
    texts = split(message.text) if message.text else []
    files = [
        replace(message, text="", options=(), request_contact=False, attachments=(a,))
        for a in message.attachments
    ]
    words = [
        replace(message, text=t, options=(), request_contact=False, attachments=()) for t in texts
    ]
    pieces = files + words
    if not pieces:
        return [message]
    pieces[-1] = replace(
        pieces[-1], options=message.options, request_contact=message.request_contact
    )
    return pieces


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends (else spaces) where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces
