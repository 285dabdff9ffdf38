"""Sending no faster than a platform allows: an even pace overall, and per recipient."""

from __future__ import annotations

import asyncio
from typing import Protocol


class Pace(Protocol):
    async def wait(self, recipient: str) -> None:
        """Returns when a message to `recipient` may leave."""


class Pacer:
    """Sends at least `1 / overall` seconds apart, counted from when each really leaves (a
    busy event loop that wakes several senders late cannot make a burst), and at most
    `per_recipient` a second to any one chat or number. Real (monotonic) time: this paces
    the wire, not the business."""

    def __init__(self, overall: float | None = None, per_recipient: float | None = None) -> None:
        self._gap = 1 / overall if overall else 0.0
        self._recipient_gap = 1 / per_recipient if per_recipient else 0.0
        self._turn = asyncio.Lock()
        self._next = 0.0
        self._next_for: dict[str, float] = {}

    async def wait(self, recipient: str) -> None:
        loop = asyncio.get_running_loop()
        # One recipient's messages come one at a time (the deliverer keeps their order).
        if (pause := self._next_for.get(recipient, 0.0) - loop.time()) > 0:
            await asyncio.sleep(pause)
        async with self._turn:
            if (pause := self._next - loop.time()) > 0:
                await asyncio.sleep(pause)
            now = loop.time()
            self._next = now + self._gap
        if self._recipient_gap:
            self._forget_before(now)
            self._next_for[recipient] = now + self._recipient_gap

    def _forget_before(self, now: float) -> None:
        """Recipients whose pause is over need no entry (the map stays small)."""
        if len(self._next_for) > 1000:
            self._next_for = {key: at for key, at in self._next_for.items() if at > now}
