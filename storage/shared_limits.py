"""Limits every process reads and writes in the database: refused console sign-ins per
address, and turns to send to a platform (Postgres; one process on SQLite paces itself)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.tables import SendPaceRow, SignInFailureRow

# One round trip takes turns for several sends, in order: the n-th may be booked n gaps
# further ahead than the first. The database's clock comes back with each turn, so a process
# can tell how late it really is however long the answer took to reach it.
_TAKE_TURNS = text(
    "SELECT t.wait, t.taken, t.for_chat, extract(epoch FROM clock_timestamp()) AS database_now "
    "FROM unnest(CAST(:chats AS text[])) WITH ORDINALITY AS c(chat, n), "
    "LATERAL send_pace_take(CAST(:platform AS text), CAST(:platform_gap AS float8), c.chat, "
    "CAST(:chat_gap AS float8), :horizon + (c.n - 1) * CAST(:platform_gap AS float8)) AS t "
    "ORDER BY c.n"
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
    in `wait` seconds, `for_chat` when the chat (not the platform) is what is busy.
    `database_now`: the database's clock (epoch seconds) when the turn was given."""

    wait: float
    taken: bool
    for_chat: bool
    database_now: float

    @property
    def at(self) -> float:
        """The moment on the database's clock."""
        return self.database_now + self.wait


async def take_send_turns(
    sessions: async_sessionmaker[AsyncSession],
    platform: str,
    platform_gap: float,
    chats: Sequence[str | None],
    chat_gap: float,
    horizon: float,
) -> list[SendTurn]:
    """For each send in order, the next moment it may leave for `platform` (and its chat),
    taken when it is at most `horizon` seconds away, plus a gap for each send before it in
    `chats` (migration 0014's send_pace_take)."""
    values = {"platform": platform, "platform_gap": platform_gap, "chats": list(chats),
              "chat_gap": chat_gap, "horizon": horizon}  # fmt: skip
    # One statement in its own transaction (autocommit): one round trip, and the platform's
    # row is locked only while the statement runs, not until a COMMIT that a busy event loop
    # may send late while every other send waits on that row.
    engine: AsyncEngine = sessions.kw["bind"]
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        rows = (await autocommit.execute(_TAKE_TURNS, values)).all()
    return [
        SendTurn(max(0.0, float(wait)), bool(taken), bool(for_chat), float(database_now))
        for wait, taken, for_chat, database_now in rows
    ]


async def forget_send_turns(sessions: async_sessionmaker[AsyncSession], before: datetime) -> None:
    """Chats whose last message is long gone need no row (the platform rows stay)."""
    async with sessions() as session, session.begin():
        await session.execute(
            delete(SendPaceRow).where(SendPaceRow.last_at < before, SendPaceRow.key.contains(":"))
        )


KEEP_CHAT_TURNS = timedelta(minutes=10)
