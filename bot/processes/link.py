"""The one Postgres session connection a process keeps for meeting the others: it LISTENs for
their notices, sends its own (NOTIFY), and holds advisory locks. Made again by itself, with
backoff, when it drops; whoever depends on it learns so through `epoch` and `dropped`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

log = logging.getLogger(__name__)

CHANNEL = "burbgigz_changes"
MAX_PAYLOAD_BYTES = 7_900  # Postgres refuses 8,000 and more
CHECK_EVERY_SECONDS = 5.0
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 30.0

Notice = dict[str, Any]


class SessionLink:
    def __init__(
        self,
        dsn: str,
        connect_args: dict[str, Any],
        *,
        heard: Callable[[Notice], None],
        reconnected: Callable[[], None],
    ) -> None:
        self._dsn = dsn
        self._connect_args = connect_args
        self._heard = heard
        self._reconnected = reconnected
        self._connection: asyncpg.Connection | None = None
        self._turn = asyncio.Lock()  # one statement at a time on the one connection
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()
        self.epoch = 0  # one more each time the connection is made: session locks are gone
        self.dropped = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._keep())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close()

    async def notify(self, notice: Notice) -> bool:
        """Tell every process (this one too: listeners skip their own). Best effort: False
        while the connection is away (pages still look again every few seconds)."""
        payload = json.dumps(notice, separators=(",", ":"))
        if len(payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError("a notice carries identifiers only")
        return bool(await self._run("SELECT 1 FROM pg_notify($1, $2)", CHANNEL, payload) == 1)

    async def fetchval(self, query: str, *args: Any) -> Any:
        """One statement on the session (advisory locks); None while the connection is away."""
        return await self._run(query, *args)

    async def _run(self, query: str, *args: Any) -> Any:
        connection = self._connection
        if connection is None or not self.ready.is_set():
            return None
        try:
            async with self._turn:
                return await connection.fetchval(query, *args, timeout=CHECK_EVERY_SECONDS)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            log.warning("the session connection failed (%s); making it again", type(exc).__name__)
            self._lose()
            return None

    async def _keep(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while True:
            try:
                await self._connect()
                delay = FIRST_RETRY_SECONDS
                await self._watch()
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning(
                    "session connection for other processes' changes unavailable (%s); "
                    "trying again in %.1fs",
                    type(exc).__name__,
                    delay,
                )
            self._lose()
            await self._close()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self._dsn, **self._connect_args)
        connection.add_termination_listener(lambda _: self._lose())
        await connection.add_listener(CHANNEL, self._on_notice)
        self._connection = connection
        self.epoch += 1
        self.dropped = asyncio.Event()
        self.ready.set()
        if self.epoch > 1:
            log.info("session connection made again; listening for other processes' changes")
        self._reconnected()  # what was said meanwhile was missed: pages look again

    async def _watch(self) -> None:
        """Until the connection fails: a cheap question now and then finds a silent drop."""
        while not self.dropped.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.dropped.wait(), CHECK_EVERY_SECONDS)
            if not self.dropped.is_set():
                await self._run("SELECT 1")

    def _lose(self) -> None:
        self.ready.clear()
        self.dropped.set()

    async def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            connection.terminate()

    def _on_notice(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if isinstance(notice, dict):
            self._heard(notice)
