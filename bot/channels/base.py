"""What a channel offers intake (its customers' files) and how it cuts messages to fit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from domain.messages import Outbound


class MediaUnavailable(Exception):
    """A file the customer sent cannot be fetched right now; try again later."""


class MediaRefused(ValueError):
    """A file we will not fetch, for good; `reason` finishes the sentence "Sorry, <file> …"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
