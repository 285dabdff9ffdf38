"""GET /healthz: 200 while the database answers, 503 otherwise."""

from __future__ import annotations

import asyncio
import logging
from importlib.metadata import PackageNotFoundError, version

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.keys import ENGINE
from storage.database import READ_ONLY

log = logging.getLogger(__name__)
DATABASE_TIMEOUT_SECONDS = 3


def _version() -> str:
    try:
        return version("burbgigz")
    except PackageNotFoundError:
        return "unknown"


async def healthz(request: web.Request) -> web.Response:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with request.app[ENGINE].connect() as connection:
                await connection.execution_options(**READ_ONLY)
                await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError) as exc:
        log.warning("health check: database unavailable (%s)", type(exc).__name__)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": "ok", "version": _version()})
