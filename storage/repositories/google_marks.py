"""A booking, a move or a cancellation marks the visit's Google Calendar event to be written, in
the same transaction: the event follows the visit even if the service stops right after."""

from __future__ import annotations

from typing import cast
from uuid import uuid4

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import GoogleEventRow

_FIRST = insert_or_ignore(cast(Table, GoogleEventRow.__table__), "appointment_id")


async def mark_for_google(session: AsyncSession, appointment_id: int) -> None:
    """The visit's event is to follow its latest state, at once (not after a backoff left from
    an earlier failure). Without Google configured the row just waits, one per visit."""
    # Google takes event ids of its own alphabet (base32hex); a uuid's hex digits are in it.
    first = {"appointment_id": appointment_id, "event_id": uuid4().hex, "in_google": False}
    await session.execute(_FIRST[dialect_of(session)], {**first, "pending": True, "attempts": 0})
    await session.execute(
        update(GoogleEventRow)
        .where(GoogleEventRow.appointment_id == appointment_id)
        .values(pending=True, attempts=0, next_try_at=None, marks=GoogleEventRow.marks + 1)
    )
