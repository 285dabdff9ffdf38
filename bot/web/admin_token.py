"""ADMIN_TOKEN: set by the operator, or generated on first start and kept in the database.
A generated token is logged once, on the start that made it; later starts say how to see it
again (`python -m bot admin-token`). From then on the scrubber blanks it in every log line."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.log import scrub_too
from bot.settings import Settings
from storage import migrate
from storage.database import create_engine, create_sessionmaker
from storage.errors import is_transient
from storage.repositories.secrets import stored_secret
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

SECRET_NAME = "admin_token"  # noqa: S105 - the name of the stored secret, not a secret


class AdminToken:
    """Read on first use, so start-up does not wait for the database; `announce` makes it
    at start-up all the same, so a newcomer finds the generated token in the first log."""

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._settings = settings
        self._sessions = sessions
        self._value: str | None = None
        self._reading = asyncio.Lock()

    async def value(self) -> str:
        async with self._reading:
            if self._value is None:
                self._value = await _read_or_make(self._settings, self._sessions)
        return self._value

    async def announce(self) -> None:
        try:
            await self.value()
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("the console's token is not read yet: %s", type(exc).__name__)


async def _read_or_make(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> str:
    if settings.admin_token is not None:
        return settings.admin_token.get_secret_value()
    async with SqlUnitOfWork(sessions) as uow:
        token, made = await uow.secrets.kept_or_made(SECRET_NAME)
        await uow.commit()
    if made:
        # The one line that shows it: logged before the scrubber learns it.
        log.warning("generated ADMIN_TOKEN for the console: %s (shown once)", token)
    scrub_too(token)
    return token


async def print_admin_token(settings: Settings) -> int:
    """`python -m bot admin-token`: the token to sign in with (the operator's own, if set)."""
    if settings.admin_token is not None:
        print("ADMIN_TOKEN is set in the environment; sign in with that.")
        return 0
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
        token = await stored_secret(create_sessionmaker(engine), SECRET_NAME)
    finally:
        await engine.dispose()
    print(token)
    return 0
