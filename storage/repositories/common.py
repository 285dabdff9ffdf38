"""Pieces every message log shares: the stored-message wrapper and dialect-aware upserts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from domain.messages import Inbound, Outbound

T = TypeVar("T", Inbound, Outbound)


@dataclass(frozen=True, slots=True)
class Stored(Generic[T]):
    """A message as kept in a log: its row id, how often it was tried, when it came in."""

    id: int
    message: T
    attempts: int
    created_at: datetime


def insert_or_ignore(table: Table, *unique: str) -> dict[str, Any]:
    """INSERT … ON CONFLICT DO NOTHING, one statement per dialect."""
    return {
        "postgresql": postgresql.insert(table).on_conflict_do_nothing(index_elements=unique),
        "sqlite": sqlite.insert(table).on_conflict_do_nothing(index_elements=unique),
    }


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"
