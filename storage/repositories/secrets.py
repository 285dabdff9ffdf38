"""Secrets the service makes for itself on first start and keeps across restarts."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import CursorResult, Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import AppSecretRow

_MAKE = insert_or_ignore(cast(Table, AppSecretRow.__table__), "name")


class SqlSecrets:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def kept_or_made(self, name: str) -> tuple[str, bool]:
        """The secret called `name`, and whether this call made it: every process of the
        service agrees on the value, and exactly one of them made it."""
        made = cast(
            CursorResult[object],
            await self._session.execute(
                _MAKE[dialect_of(self._session)],
                {"name": name, "value": secrets.token_urlsafe(32), "created_at": datetime.now(UTC)},
            ),
        )
        value = await self._session.scalar(
            select(AppSecretRow.value).where(AppSecretRow.name == name)
        )
        assert value is not None
        return value, made.rowcount == 1


async def stored_secret(sessions: async_sessionmaker[AsyncSession], name: str) -> str:
    """The secret called `name`, generated once, in a transaction of its own."""
    async with sessions() as session, session.begin():
        value, _ = await SqlSecrets(session).kept_or_made(name)
    return value
