"""Conversation state, locked while one of the conversation's messages is handled."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.common import dialect_of
from storage.tables import ConversationRow

_conversations = cast(Table, ConversationRow.__table__)
# One statement creates the row if needed, locks it (an upsert's DO UPDATE takes the row lock
# on Postgres; SQLite's BEGIN IMMEDIATE already serialises writers) and returns the state.
_LOCK_CONVERSATION = {
    dialect: insert_fn(_conversations)
    .on_conflict_do_update(
        index_elements=["key"], set_={"key": insert_fn(_conversations).excluded.key}
    )
    .returning(_conversations.c.state)
    for dialect, insert_fn in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
_SAVE_CONVERSATION = (
    update(_conversations)
    .where(_conversations.c.key == bindparam("conversation"))
    .values(state=bindparam("new_state"), updated_at=bindparam("at"))
)


class SqlConversations:
    """Conversation state, locked for the length of the transaction that handles a message."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self, key: str, now: datetime) -> dict[str, Any]:
        """The conversation's state, its row locked until the transaction ends: a second
        process handling the same conversation waits here."""
        state = await self._session.scalar(
            _LOCK_CONVERSATION[dialect_of(self._session)],
            {"key": key, "state": {}, "updated_at": now},
        )
        assert state is not None
        return dict(state)

    async def save(self, key: str, state: dict[str, Any], now: datetime) -> None:
        await self._session.execute(
            _SAVE_CONVERSATION, {"conversation": key, "new_state": state, "at": now}
        )
