"""Busy neighbours for a benchmark: a CPU hog spinning on one core, and pgbench's TPC-B-like
load (8 clients, 2 threads) on a database of its own in the same Postgres, as issue 22 measured
the service beside them. Started for the measured part only, stopped and dropped afterwards.

One hog, not one per core: on the 2-core machine the service, the stand-in and Postgres keep
one core between them (and pgbench's eight clients), which is the "busy machine" the target
speaks of; a hog per core would measure the scheduler's fairness instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.database import create_engine
from tests.stubs import databases

HOG = "while True: pass"
PGBENCH_SCALE = 10  # 1 million accounts: an index larger than a toy, set up in seconds
PGBENCH_CLIENTS, PGBENCH_THREADS = 8, 2
LONGER_THAN_ANY_RUN_SECONDS = 3600  # pgbench is stopped when the measured part ends


def pgbench_options(database: str) -> list[str]:
    url = make_url(databases.POSTGRES_ADMIN_URL)
    return ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432),
            "-U", url.username or "postgres", database]  # fmt: skip


def pgbench_path() -> str:
    found = shutil.which("pgbench") or "/usr/bin/pgbench"
    if not os.access(found, os.X_OK):
        raise SystemExit("--busy needs pgbench (postgresql-client) on the PATH")
    return found


async def transactions(database: str) -> int:
    """Committed so far in `database` (the statistics lag by up to a second)."""
    engine = create_engine(databases.postgres_url(database))
    try:
        async with engine.connect() as connection:
            query = text("SELECT xact_commit FROM pg_stat_database WHERE datname = :name")
            return int(await connection.scalar(query, {"name": database}) or 0)
    finally:
        await engine.dispose()


@asynccontextmanager
async def busy_neighbours() -> AsyncIterator[str]:
    """Yields a line saying what runs beside the caller."""
    pgbench = pgbench_path()
    database = await asyncio.to_thread(databases.create_postgres_database)  # a fresh name
    neighbours: list[asyncio.subprocess.Process] = []
    try:
        setup = await asyncio.create_subprocess_exec(
            pgbench, "-i", "-q", "-s", str(PGBENCH_SCALE), *pgbench_options(database),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, errors = await setup.communicate()
        if setup.returncode:
            raise SystemExit(f"pgbench -i failed: {errors.decode(errors='replace').strip()}")
        started, committed = time.monotonic(), await transactions(database)
        neighbours.append(await asyncio.create_subprocess_exec(sys.executable, "-c", HOG))
        load = ["-c", str(PGBENCH_CLIENTS), "-j", str(PGBENCH_THREADS),
                "-T", str(LONGER_THAN_ANY_RUN_SECONDS), *pgbench_options(database)]  # fmt: skip
        neighbours.append(
            await asyncio.create_subprocess_exec(
                pgbench, *load, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        yield (
            f"beside: a CPU hog on one core, pgbench -c {PGBENCH_CLIENTS} -j {PGBENCH_THREADS} "
            f"(scale {PGBENCH_SCALE}) on {database}"
        )
        seconds = time.monotonic() - started
        rate = (await transactions(database) - committed) / seconds
        print(f"pgbench beside it: {rate:.0f} transactions/s")
    finally:
        for process in neighbours:
            if process.returncode is None:
                process.terminate()
        for process in neighbours:
            await process.wait()
        await asyncio.to_thread(databases.drop_postgres_database, database)
