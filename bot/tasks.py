"""Background tasks that never fail unseen."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


def spawn(
    work: Coroutine[Any, Any, None], into: set[asyncio.Task[None]] | None = None
) -> asyncio.Task[None]:
    """Start `work` in the background; its failure is logged, and it leaves `into` when done."""
    task = asyncio.create_task(work)
    if into is not None:
        into.add(task)
        task.add_done_callback(into.discard)
    task.add_done_callback(_log_failure)
    return task


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("background task %s failed", task.get_coro(), exc_info=exc)


class InFlight:
    """Runs of scheduled jobs under way. APScheduler's shutdown does not wait for coroutine
    jobs, so a stop waits here before the database goes, else a run is cut mid-query."""

    def __init__(self) -> None:
        self._runs: set[asyncio.Task[Any]] = set()

    def tracked(
        self, job: Callable[[], Awaitable[object]]
    ) -> Callable[[], Coroutine[Any, Any, None]]:
        async def run() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._runs.add(task)
            try:
                await job()
            finally:
                self._runs.discard(task)

        return run

    async def finish(self, grace: float) -> None:
        """Let runs under way end (up to `grace` seconds), then cancel what is left."""
        runs = set(self._runs)
        if not runs:
            return
        await asyncio.wait(runs, timeout=grace)
        for task in runs:
            task.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
