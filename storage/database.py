"""The async engine built from DATABASE_URL: SQLite (aiosqlite) or Postgres (asyncpg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import uuid4

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

SUPABASE_TRANSACTION_POOLER_PORT = 6543
SQLITE_BUSY_TIMEOUT_MS = 15_000
# Execution option for connections that only read: on SQLite they need no write lock.
READ_ONLY = {"read_only": True}


class DatabaseUrlError(ValueError):
    """DATABASE_URL names a database this service cannot use."""


def normalize_database_url(raw: str) -> URL:
    """Accept Supabase's `postgres://…` and plain `postgresql://…`; always use the async drivers."""
    try:
        url = make_url(raw)
    except Exception as exc:
        raise DatabaseUrlError("not a database URL") from exc
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        if unknown := sorted(set(url.query) - POSTGRES_PARAMETERS):
            raise DatabaseUrlError(
                f"the parameter {unknown[0]!r} is not one this service reads "
                f"(it takes {', '.join(sorted(POSTGRES_PARAMETERS))})"
            )
        timeout = url.query.get("connect_timeout", "1")
        if not isinstance(timeout, str) or not timeout.replace(".", "", 1).isdigit():
            raise DatabaseUrlError("connect_timeout must be a number of seconds")
        return url.set(drivername="postgresql+asyncpg")
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    raise DatabaseUrlError(f"unsupported database {backend!r}; use sqlite or postgresql")


# Of libpq's URL parameters, those this service turns into asyncpg's; any other is refused by
# the settings with one line, rather than failing at the first connection.
POSTGRES_PARAMETERS = frozenset({"sslmode", "connect_timeout", "application_name", "pgbouncer"})


def _postgres_connect_args(url: URL) -> tuple[URL, dict[str, Any], bool]:
    """asyncpg takes `ssl`, not libpq's `sslmode`; the transaction pooler allows no prepared
    statements."""
    connect_args: dict[str, Any] = {}
    query = dict(url.query)
    sslmode = query.pop("sslmode", None)
    if isinstance(sslmode, str) and sslmode != "disable":
        connect_args["ssl"] = sslmode
    if isinstance(timeout := query.pop("connect_timeout", None), str):
        connect_args["timeout"] = float(timeout)
    if isinstance(name := query.pop("application_name", None), str):
        connect_args["server_settings"] = {"application_name": name}
    query.pop("pgbouncer", None)  # Supabase's strings say so for ORMs; the port tells us
    behind_pooler = url.port == SUPABASE_TRANSACTION_POOLER_PORT
    if behind_pooler:
        connect_args |= {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__",
        }
    return url.set(query=query), connect_args, behind_pooler


DEFAULT_POOL_SIZE = 15


def create_engine(
    raw_url: str, *, echo: bool = False, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    """Failed statements are logged and raised without their parameters (hide_parameters):
    those are customers' texts, names and numbers."""
    url = normalize_database_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return _create_sqlite_engine(url, echo=echo)
    url, connect_args, behind_pooler = _postgres_connect_args(url)
    if behind_pooler:
        # The pooler already pools; a second pool would pin server connections.
        return create_async_engine(
            url,
            echo=echo,
            connect_args=connect_args,
            poolclass=NullPool,
            hide_parameters=True,
        )
    # No pre-ping (a round trip per checkout): a dead connection fails its transaction, which
    # callers treat as transient and retry; pool_recycle retires connections before servers do.
    # No overflow: connections opened past the pool under a burst were closed again at once
    # (some 10 a second with two processes under load); a busy moment waits for one instead,
    # and N processes never hold more than N times the pool.
    return create_async_engine(
        url,
        echo=echo,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=0,
        pool_recycle=1800,
        hide_parameters=True,
    )


def _create_sqlite_engine(url: URL, *, echo: bool) -> AsyncEngine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": 15}, hide_parameters=True)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over BEGIN from the driver (see "begin" below) and set up each connection.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout
        # instead of one failing half-way with "database is locked". Readers need no lock.
        read_only = conn.get_execution_options().get("read_only", False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def session_connection(raw_url: str) -> tuple[str, dict[str, Any]]:
    """A Postgres URL as asyncpg.connect's DSN and keyword arguments, for a connection of our
    own that keeps its session (LISTEN, advisory locks); the transaction pooler cannot."""
    url = normalize_database_url(raw_url)
    if url.get_backend_name() != "postgresql":
        raise DatabaseUrlError("a session connection needs Postgres")
    if url.port == SUPABASE_TRANSACTION_POOLER_PORT:
        raise DatabaseUrlError(
            "the transaction pooler (port 6543) keeps no session; use the direct connection "
            "or the session pooler (port 5432)"
        )
    url, connect_args, _ = _postgres_connect_args(url)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return dsn, connect_args
