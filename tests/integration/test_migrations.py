"""One set of migrations, walked up, down and up again on SQLite and Postgres."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from storage import migrate
from storage.database import create_engine
from storage.tables import Base, CounterRow

APP_TABLES = set(Base.metadata.tables)


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_every_migration_walks_up_down_and_up_again(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == APP_TABLES
        assert await migrate.current_revision(engine) == migrate.head_revision()

        await migrate.downgrade(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set()
        assert await migrate.current_revision(engine) is None

        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == APP_TABLES
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(schema_differences) == []
    finally:
        await engine.dispose()


async def test_a_second_migration_run_changes_nothing(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await migrate.upgrade(engine)
        assert await migrate.pending_revisions(engine) == []
        await migrate.upgrade(engine)  # must not fail, nor re-seed the counters
        async with engine.connect() as connection:
            counters = (await connection.execute(select(CounterRow.name, CounterRow.value))).all()
        assert sorted(counters) == [("credit_note", 0), ("invoice", 0), ("job", 1000)]
    finally:
        await engine.dispose()


async def test_pending_revisions_lists_what_an_empty_database_needs(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)
    try:
        pending = await migrate.pending_revisions(engine)
        assert pending and pending[-1] == migrate.head_revision()
    finally:
        await engine.dispose()
