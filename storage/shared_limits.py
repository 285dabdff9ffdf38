"""Limits every process reads and writes in the database: refused console sign-ins per
address, and turns to send to a platform (Postgres; one process on SQLite paces itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.tables import SendPaceRow, SignInFailureRow

_TAKE_TURN = text(
    "SELECT wait, taken, for_chat "
    "FROM send_pace_take(:platform, :platform_gap, :chat, :chat_gap, :horizon)"
)


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


@dataclass(frozen=True)
class SendTurn:
    """`taken`: the message leaves in `wait` seconds (its moment is recorded); else ask again
    in `wait` seconds, `for_chat` when the chat (not the platform) is what is busy."""

    wait: float
    taken: bool
    for_chat: bool


async def take_send_turn(
    sessions: async_sessionmaker[AsyncSession],
    platform: str,
    platform_gap: float,
    chat: str | None,
    chat_gap: float,
    horizon: float,
) -> SendTurn:
    """The next moment a message may leave for `platform` (and `chat`), taken when it is at
    most `horizon` seconds away (migration 0014's send_pace_take)."""
    values = {"platform": platform, "platform_gap": platform_gap, "chat": chat,
              "chat_gap": chat_gap, "horizon": horizon}  # fmt: skip
    # One statement in its own transaction (autocommit): one round trip instead of three, and
    # the platform's row is locked only while the function runs, not until a COMMIT that a
    # busy event loop may send late while every other send waits on that row.
    engine: AsyncEngine = sessions.kw["bind"]
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        wait, taken, for_chat = (await autocommit.execute(_TAKE_TURN, values)).one()
        return SendTurn(max(0.0, float(wait)), bool(taken), bool(for_chat))


async def forget_send_turns(sessions: async_sessionmaker[AsyncSession], before: datetime) -> None:
    """Chats whose last message is long gone need no row (the platform rows stay)."""
    async with sessions() as session, session.begin():
        await session.execute(
            delete(SendPaceRow).where(SendPaceRow.last_at < before, SendPaceRow.key.contains(":"))
        )


KEEP_CHAT_TURNS = timedelta(minutes=10)
