"""Secrets the service makes for itself on first start and keeps across restarts."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import AppSecretRow


async def stored_secret(sessions: async_sessionmaker[AsyncSession], name: str) -> str:
    """The secret called `name`, generated once; every process of the service agrees on it."""
    async with sessions() as session, session.begin():
        await session.execute(
            insert_or_ignore(cast(Table, AppSecretRow.__table__), "name")[dialect_of(session)],
            {"name": name, "value": secrets.token_urlsafe(32), "created_at": datetime.now(UTC)},
        )
        value = await session.scalar(select(AppSecretRow.value).where(AppSecretRow.name == name))
    assert value is not None
    return value
