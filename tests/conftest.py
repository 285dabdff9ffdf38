"""Fixtures shared by every suite: databases on SQLite and Postgres, the clock, and the
conversation tests' scene (tests/support/scene.py)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine, create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs import databases
from tests.support.clock import MovableClock
from tests.support.processes import ProcessSessions

# python-telegram-bot's coming retry_after behaviour; `python -m bot` sets the same.
os.environ.setdefault("PTB_TIMEDELTA", "1")

pytest_plugins = ["tests.support.scene"]

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_available() -> None:
    reason = databases.postgres_unavailable_reason()
    if reason is None:
        return
    if databases.IN_CI:  # under CI nothing is skipped: a missing server is a failure
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    databases.migrate_to_head(databases.sqlite_url(path))
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_available: None) -> Iterator[str]:
    name = databases.create_postgres_database()
    databases.migrate_to_head(databases.postgres_url(name))
    yield name
    databases.drop_postgres_database(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A database with no tables at all, on the backend under test."""
    if backend == "sqlite":
        yield databases.sqlite_url(tmp_path / "empty.sqlite3")
        return
    request.getfixturevalue("postgres_available")
    name = databases.create_postgres_database()
    yield databases.postgres_url(name)
    databases.drop_postgres_database(name)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database of its own for each test."""
    if backend == "sqlite":
        yield databases.copy_sqlite(
            request.getfixturevalue("sqlite_template"), tmp_path / "db.sqlite3"
        )
        return
    name = databases.create_postgres_database(template=request.getfixturevalue("postgres_template"))
    yield databases.postgres_url(name)
    databases.drop_postgres_database(name)


@pytest.fixture
def clock() -> MovableClock:
    """Tuesday 24 November 2026, 10:00 in Johannesburg."""
    return MovableClock()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def two_processes(database_url: str) -> AsyncIterator[ProcessSessions]:
    """Two service processes on one database: each its own engine and pool."""
    engines = [create_engine(database_url), create_engine(database_url)]
    yield create_sessionmaker(engines[0]), create_sessionmaker(engines[1])
    for engine in engines:
        await engine.dispose()


@pytest.fixture
def unit_of_work(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    sessions = create_sessionmaker(engine)
    return lambda: SqlUnitOfWork(sessions)
