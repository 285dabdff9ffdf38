"""Group commit: what arrives while one write runs goes into the next, as one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from bot.tasks import spawn
from storage.errors import is_transient

T = TypeVar("T")
R = TypeVar("R")


class Coalescer(Generic[T, R]):
    """`await add(item)` returns once the item is written, with its result. Under load many
    callers share one transaction (far cheaper than one each); alone, a caller waits for
    nothing extra. If a shared write fails for any reason but an outage, each item is written
    on its own, so one bad item cannot fail the others."""

    def __init__(self, write: Callable[[Sequence[T]], Awaitable[Sequence[R]]]) -> None:
        self._write = write
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writer is None:
            self._writer = spawn(self._drain())
        return await future

    async def flush(self) -> None:
        """Wait until everything added so far is written (at shutdown)."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _drain(self) -> None:
        batch: list[tuple[T, asyncio.Future[R]]] = []
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._write_batch(batch)
        finally:
            self._writer = None
            for _, future in batch:  # should anything escape, nobody is left waiting forever
                if not future.done():
                    future.set_exception(RuntimeError("the write was interrupted"))

    async def _write_batch(self, batch: list[tuple[T, asyncio.Future[R]]]) -> None:
        try:
            results = await self._write([item for item, _ in batch])
        except Exception as exc:  # noqa: BLE001 - handed to every caller waiting on it
            if is_transient(exc) or len(batch) == 1:
                for _, future in batch:
                    if not future.done():  # done: the caller gave up (request cancelled)
                        future.set_exception(exc)
                return
            for single in batch:
                await self._write_batch([single])
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
