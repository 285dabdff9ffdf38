"""What one process changed, told to the others through the session link, and what they
changed, heard here. A notice names things (that something was committed; a web chat and its
message's place), never their content: every process reads the rows itself."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from bot.processes.link import Notice, SessionLink
from bot.tasks import spawn

log = logging.getLogger(__name__)

WEB_MESSAGES_PER_NOTICE = 40  # addresses are short: 40 stay well under Postgres's 8,000 bytes
# Under load a commit ends every few milliseconds: waiting this long between notices makes one
# notice of them (and one re-read on the other processes) instead of one each.
NOTICE_GAP_SECONDS = 0.05


class Fanout:
    def __init__(self, *, changed: Callable[[], None]) -> None:
        self.origin = uuid.uuid4().hex[:12]
        self._changed = changed
        # Shows another process's web chat message on pages open here (the web chat's own),
        # and every open chat's latest after the connection was away.
        self.web_message: Callable[[str, int], Coroutine[Any, Any, None]] | None = None
        self.web_catch_up: Callable[[], Coroutine[Any, Any, None]] | None = None
        self._link: SessionLink | None = None
        self._committed = False
        self._web: list[tuple[str, int]] = []
        self._wake = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None
        self._reading: set[asyncio.Task[None]] = set()

    def attach(self, link: SessionLink) -> None:
        self._link = link
        self._sender = spawn(self._send())

    async def stop(self) -> None:
        for task in [*self._reading, *([self._sender] if self._sender else [])]:
            task.cancel()
        await asyncio.gather(*self._reading, *([self._sender] if self._sender else []),
                             return_exceptions=True)  # fmt: skip

    # Said here (after the commit), sent soon after: many commits at once make one notice.
    def committed(self) -> None:
        self._committed = True
        self._wake.set()

    def web_said(self, address: str, seq: int) -> None:
        self._web.append((address, seq))
        self._wake.set()

    async def _send(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            committed, self._committed = self._committed, False
            web, self._web = self._web, []
            for notice in self._notices(committed, web):
                assert self._link is not None
                if not await self._link.notify(notice):
                    log.debug("a notice to other processes was not sent (no connection)")
            await asyncio.sleep(NOTICE_GAP_SECONDS)

    def _notices(self, committed: bool, web: list[tuple[str, int]]) -> list[Notice]:
        chunks = [
            web[i : i + WEB_MESSAGES_PER_NOTICE]
            for i in range(0, len(web), WEB_MESSAGES_PER_NOTICE)
        ]
        notices: list[Notice] = [
            {"o": self.origin, "w": [list(pair) for pair in chunk]} for chunk in chunks
        ]
        if committed:
            if notices:
                notices[0]["c"] = 1
            else:
                notices.append({"o": self.origin, "c": 1})
        return notices

    def heard(self, notice: Notice) -> None:
        """Another process's notice (our own come back too, and are skipped)."""
        if notice.get("o") == self.origin:
            return
        if notice.get("c"):
            self._changed()
        for pair in notice.get("w", ()):
            if isinstance(pair, list) and len(pair) == 2:
                address, seq = pair
                if isinstance(address, str) and isinstance(seq, int) and self.web_message:
                    spawn(self.web_message(address, seq), into=self._reading)

    def reconnected(self) -> None:
        """Notices sent while the connection was away were missed: pages look again."""
        self._changed()
        if self.web_catch_up is not None:
            spawn(self.web_catch_up(), into=self._reading)
