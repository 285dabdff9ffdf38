"""What this process needs to work beside others on one Postgres, built from the settings:
the session link with its fan-out of changes, the leader locks, the duties' locks. On
SQLite (one process) there is none of it, and everything stays in the process."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from bot.processes.fanout import Fanout
from bot.processes.leader import Duties, Leadership
from bot.processes.link import SessionLink
from bot.settings import Settings
from storage.database import (
    SUPABASE_TRANSACTION_POOLER_PORT,
    normalize_database_url,
    session_connection,
)

log = logging.getLogger(__name__)


class WebChat(Protocol):
    said: Callable[[str, int], None]

    def heard(self, address: str, seq: int) -> Coroutine[Any, Any, None]: ...

    def catch_up(self) -> Coroutine[Any, Any, None]: ...


class Together:
    def __init__(
        self,
        settings: Settings,
        *,
        changed: Callable[[], None],
    ) -> None:
        self.link: SessionLink | None = None
        self.fanout: Fanout | None = None
        url = settings.listen_url
        if url is None:
            _say_why_alone(settings.database_url)
        else:
            fanout = Fanout(changed=changed)
            dsn, connect_args = session_connection(url)
            self.link = SessionLink(
                dsn, connect_args, heard=fanout.heard, reconnected=fanout.reconnected
            )
            fanout.attach(self.link)
            self.fanout = fanout
        self.duties = Duties(self.link)

    def committed(self, bump: Callable[[], None]) -> Callable[[], None]:
        """After a commit here: this process's pages look again, and the others are told."""
        fanout = self.fanout
        if fanout is None:
            return bump

        def both() -> None:
            bump()
            fanout.committed()

        return both

    def web_chat(self, chat: WebChat) -> None:
        """Messages kept in one process's web chat reach the pages open on the others."""
        if self.fanout is not None:
            chat.said = self.fanout.web_said
            self.fanout.web_message = chat.heard
            self.fanout.web_catch_up = chat.catch_up

    def leadership(self, what: str) -> Leadership | None:
        return Leadership(self.link, what) if self.link is not None else None

    def start(self) -> None:
        if self.link is not None:
            self.link.start()

    async def stop(self) -> None:
        if self.fanout is not None:
            await self.fanout.stop()
        if self.link is not None:
            await self.link.stop()


def _say_why_alone(database_url: str) -> None:
    url = normalize_database_url(database_url)
    if url.get_backend_name() == "postgresql" and url.port == SUPABASE_TRANSACTION_POOLER_PORT:
        log.warning(
            "DATABASE_URL is the transaction pooler, which cannot LISTEN or hold locks: set "
            "DATABASE_LISTEN_URL (the direct connection or session pooler, port 5432) to run "
            "several processes; meanwhile other processes' changes show within 5 s"
        )
