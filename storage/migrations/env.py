"""Alembic environment: one set of migrations for SQLite (batch mode) and Postgres.

`storage.migrate` hands in an open connection (config.attributes["connection"]); the
`alembic` command line, used to write new revisions, connects from DATABASE_URL instead.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.database import create_engine
from storage.tables import Base

DEFAULT_URL = "sqlite+aiosqlite:///./var/burbgigz.sqlite3"


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_environment() -> None:
    engine = create_engine(os.environ.get("DATABASE_URL", DEFAULT_URL))
    async with engine.connect() as connection:
        await connection.run_sync(run_on)
        await connection.commit()
    await engine.dispose()


given = context.config.attributes.get("connection")
if given is not None:
    run_on(given)
else:
    asyncio.run(run_from_environment())
