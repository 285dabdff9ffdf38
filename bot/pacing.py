"""Sending no faster than a platform allows: an even pace overall, and per recipient."""

from __future__ import annotations

import asyncio


class Pacer:
    """Hands out send times `1 / overall` seconds apart (no bursts: a platform counting
    in a sliding second never sees more than its limit), and at most `per_recipient` a
    second to any one chat or number. Times are reserved before sleeping, so concurrent
    senders queue fairly. Real (monotonic) time: this paces the wire, not the business."""

    def __init__(self, overall: float | None = None, per_recipient: float | None = None) -> None:
        self._gap = 1 / overall if overall else 0.0
        self._recipient_gap = 1 / per_recipient if per_recipient else 0.0
        self._next = 0.0
        self._next_for: dict[str, float] = {}

    async def wait(self, recipient: str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        self._forget_before(now)
        slot = max(now, self._next, self._next_for.get(recipient, 0.0))
        self._next = slot + self._gap
        if self._recipient_gap:
            self._next_for[recipient] = slot + self._recipient_gap
        if slot > now:
            await asyncio.sleep(slot - now)

    def _forget_before(self, now: float) -> None:
        """Recipients whose pause is over need no entry (the map stays small)."""
        if len(self._next_for) > 1000:
            self._next_for = {key: at for key, at in self._next_for.items() if at > now}
