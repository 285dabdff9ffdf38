"""`python -m bot serve` and `migrate`: the schema brought up to date, then the service run
until SIGTERM, with a short list of where to go once it listens."""

from __future__ import annotations

import asyncio
import gc
import logging
import os

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.app import build_app
from bot.settings import Settings
from domain.business import BusinessConfig
from storage import migrate
from storage.database import create_engine

log = logging.getLogger("bot")
EXIT_DATABASE = 1
# aiohttp waits this long for open requests on SIGTERM, within the contract's 10 s.
SHUTDOWN_TIMEOUT_SECONDS = 3.0
# Set by platforms whose disk is thrown away at each deploy or restart.
EPHEMERAL_DISK_MARKERS = ("RENDER", "DYNO", "RAILWAY_ENVIRONMENT", "FLY_APP_NAME", "K_SERVICE")


async def apply_migrations(settings: Settings) -> int:
    engine = create_engine(settings.migrations_database_url or settings.database_url)
    try:
        pending = await migrate.pending_revisions(engine)
        await migrate.upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        cause = getattr(exc, "orig", None) or exc
        first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        log.error("cannot migrate the database: %s: %s", type(cause).__name__, first_line)
        return EXIT_DATABASE
    finally:
        await engine.dispose()
    if pending:
        log.info("database migrated to %s (applied %s)", pending[-1], ", ".join(pending))
    else:
        log.info("database schema is up to date (%s)", migrate.head_revision())
    return 0


def ephemeral_disk_warning(settings: Settings) -> str | None:
    """Data on the local disk of a PaaS vanishes at the next deploy: worth a warning."""
    platform = next((name for name in EPHEMERAL_DISK_MARKERS if os.environ.get(name)), None)
    kept_here = []
    if settings.database_url.startswith("sqlite"):
        kept_here.append("the database (DATABASE_URL is SQLite: set it to Supabase's Postgres)")
    if settings.files_backend == "local":
        kept_here.append(
            f"files ({settings.files_dir}: set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY to "
            "keep them in Supabase Storage)"
        )
    if platform is None or not kept_here:
        return None
    return (
        f"this platform ({platform} is set) empties its disk at each deploy, and on it are "
        + " and ".join(kept_here)
    )


def where_to_go(settings: Settings, app: web.Application) -> str:
    base = settings.base_url
    routes = sorted({r.canonical for r in app.router.resources()})
    log.debug("routes: %s", ", ".join(routes))
    return "\n".join(
        [
            f"BurbGigz is running on http://{settings.host}:{settings.port}. Where to go:",
            f"  web chat for customers   {base}/",
            f"  technician's console     {base}/admin  (`python -m bot admin-token` prints "
            "the sign-in token)",
            f"  health check             {base}/healthz",
            "Stop with Ctrl+C.",
        ]
    )


def freeze_start_up_heap() -> None:
    """What start-up made (modules, the wiring) lives as long as the process: kept out of
    the collector's full passes, which otherwise walk it all and hold up whatever request is
    running (some 50 ms each on the 2-core machine, a /queue's p95)."""
    gc.collect()
    gc.freeze()


def serve(settings: Settings, business: BusinessConfig) -> int:
    if asyncio.run(apply_migrations(settings)) != 0:
        return EXIT_DATABASE
    if warning := ephemeral_disk_warning(settings):
        log.warning(warning)
    app = build_app(settings, business)

    async def announce(app: web.Application) -> None:
        log.info(where_to_go(settings, app))
        freeze_start_up_heap()  # the conversation core is up (cleanup_ctx runs first)

    app.on_startup.append(announce)
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS,
        print=None,
        access_log=None,
    )
    log.info("stopped")
    return 0
