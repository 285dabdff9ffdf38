"""Limits every process reads and writes in the database: refused console sign-ins per
address, and turns to send to a platform (Postgres; one process on SQLite paces itself)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.tables import SendPaceRow, SignInFailureRow

_TAKE_TURN = text("SELECT send_pace_take(:platform, :platform_gap, :chat, :chat_gap)")


async def recent_sign_in_failures(
    sessions: async_sessionmaker[AsyncSession], who: str, since: datetime
) -> int:
    async with sessions() as session:
        counted = await session.scalar(
            select(func.count())
            .select_from(SignInFailureRow)
            .where(SignInFailureRow.who == who, SignInFailureRow.failed_at > since)
        )
        return int(counted or 0)


async def add_sign_in_failure(
    sessions: async_sessionmaker[AsyncSession], who: str, at: datetime, forget_before: datetime
) -> None:
    """Count one more; failures out of every window are dropped on the way."""
    async with sessions() as session, session.begin():
        await session.execute(
            delete(SignInFailureRow).where(SignInFailureRow.failed_at <= forget_before)
        )
        session.add(SignInFailureRow(who=who[:64], failed_at=at))


async def take_send_turn(
    sessions: async_sessionmaker[AsyncSession],
    platform: str,
    platform_gap: float,
    chat: str | None,
    chat_gap: float,
) -> float:
    """0 when a message may leave now (the turn is taken), else the seconds to wait first."""
    async with sessions() as session, session.begin():
        wait = await session.scalar(
            _TAKE_TURN,
            {
                "platform": platform,
                "platform_gap": platform_gap,
                "chat": chat,
                "chat_gap": chat_gap,
            },
        )
        return float(wait or 0.0)


async def forget_send_turns(sessions: async_sessionmaker[AsyncSession], before: datetime) -> None:
    """Chats whose last message is long gone need no row (the platform rows stay)."""
    async with sessions() as session, session.begin():
        await session.execute(
            delete(SendPaceRow).where(SendPaceRow.last_at < before, SendPaceRow.key.contains(":"))
        )


KEEP_CHAT_TURNS = timedelta(minutes=10)
