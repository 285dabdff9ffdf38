"""Background tasks that never fail unseen."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
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
