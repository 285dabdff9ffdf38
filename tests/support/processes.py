"""Two service processes on one database, as the `two_processes` fixture hands them out."""

from __future__ import annotations

from typing import TypeAlias

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

ProcessSessions: TypeAlias = tuple[
    async_sessionmaker[AsyncSession], async_sessionmaker[AsyncSession]
]
