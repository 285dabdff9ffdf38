"""What every channel adapter offers the core, and how it reports trouble."""

from __future__ import annotations

from typing import Protocol

from domain.messages import Outbound


class DeliveryFailed(Exception):
    """Sending did not work. Temporary unless `permanent`; `unreachable` means the person
    cannot be reached on this channel at all (blocked the bot, unsubscribed, bad number)."""

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent or unreachable
        self.unreachable = unreachable


class MediaUnavailable(Exception):
    """A file the customer sent cannot be fetched right now; try again later."""


class ChannelSender(Protocol):
    # The longest text one platform message may carry; longer texts are sent in pieces.
    max_text: int

    async def send(self, message: Outbound) -> str | None:
        """Deliver the message; the platform's id for it. Raises DeliveryFailed."""
        ...


class MediaSource(Protocol):
    async def fetch(self, ref: str) -> bytes:
        """The bytes of a file the customer sent. Raises MediaUnavailable or ValueError."""
        ...


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
