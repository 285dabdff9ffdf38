"""A cheap signal that something may have changed: bumped after each conversation's
transaction commits, so open status pages look again at once instead of asking the database
every second. Other processes' changes are not seen here; pages look anyway now and then."""

from __future__ import annotations

import asyncio
import contextlib


class Changes:
    def __init__(self) -> None:
        self.generation = 0
        self._bumped = asyncio.Event()

    def bump(self) -> None:
        self.generation += 1
        self._bumped.set()
        self._bumped = asyncio.Event()  # waiters hold the set one; later ones wait afresh

    async def wait(self, seen: int, timeout: float) -> int:  # noqa: ASYNC109
        """Until a bump after generation `seen`, or `timeout` seconds; the generation now."""
        if self.generation == seen:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._bumped.wait(), timeout)
        return self.generation
