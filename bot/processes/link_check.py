"""Whether a connection can be the one processes meet on: it takes LISTEN and hears a NOTIFY
sent on it. A pooler in transaction mode may take the LISTEN and then never deliver (the
session it was said on is gone), so only a notice heard back proves it. Asked by `doctor`."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from storage.database import session_connection

CONNECT_SECONDS = 10.0
HEAR_WITHIN_SECONDS = 5.0
TRANSACTION_POOLER = (
    "a transaction pooler cannot LISTEN: use the direct connection or the session pooler "
    "(port 5432)"
)


async def listen_problem(url: str) -> str | None:
    """What stops `url` from carrying LISTEN/NOTIFY between processes; None when it does."""
    dsn, connect_args = session_connection(url)
    try:
        connection = await asyncpg.connect(dsn, timeout=CONNECT_SECONDS, **connect_args)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return f"not reachable ({type(exc).__name__})"
    heard = asyncio.Event()
    channel = f"burbgigz_doctor_{uuid.uuid4().hex[:12]}"  # no running process hears it
    try:
        await connection.add_listener(channel, lambda *_: heard.set())
        await connection.execute("SELECT pg_notify($1, 'doctor')", channel)
        await asyncio.wait_for(heard.wait(), HEAR_WITHIN_SECONDS)
    except TimeoutError:
        return f"LISTEN was taken but its own NOTIFY never came back: {TRANSACTION_POOLER}"
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return f"LISTEN refused ({type(exc).__name__}): {TRANSACTION_POOLER}"
    finally:
        connection.terminate()
    return None
