"""`python -m bot [serve|migrate]`: the operator's entry point."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import sys
from collections.abc import Sequence

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.app import build_app
from bot.business import BusinessConfigError, load_business
from bot.log import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.web.admin_token import print_admin_token
from domain.business import BusinessConfig
from storage import migrate
from storage.database import create_engine

log = logging.getLogger("bot")
EXIT_CONFIG = 2
EXIT_DATABASE = 1
# aiohttp waits this long for open requests on SIGTERM, within the contract's 10 s.
SHUTDOWN_TIMEOUT_SECONDS = 3.0


def settings_help() -> str:
    lines = ["settings (environment variables; a .env file in the working directory is read too):"]
    for name, field in Settings.model_fields.items():
        description = field.description or ""
        derived = re.search(r"\s*\[(.+)\]$", description)
        if derived:
            default, description = derived.group(1), description[: derived.start()]
        elif field.default in (None, ()):
            default = "unset"
        else:
            default = str(field.default)
        lines.append(f"  {name.upper():<27} default: {default}")
        if description:
            lines.append(f"  {'':<27} {description}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="BurbGigz front office: chat bookings, live job status, documents.",
        epilog=settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("serve", help="apply pending migrations, then run the service (default)")
    commands.add_parser("migrate", help="apply pending migrations and exit")
    commands.add_parser("admin-token", help="print the console's generated ADMIN_TOKEN")
    return parser


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


def serve(settings: Settings, business: BusinessConfig) -> int:
    if asyncio.run(apply_migrations(settings)) != 0:
        return EXIT_DATABASE
    app = build_app(settings, business)

    async def announce(app: web.Application) -> None:
        routes = sorted({r.canonical for r in app.router.resources()})
        log.info(
            "serving on http://%s:%s (public address %s): %s",
            settings.host,
            settings.port,
            settings.base_url,
            ", ".join(routes),
        )
        base = settings.base_url
        log.info(
            "web chat for customers: %s/ - technician's console: %s/admin (sign in with "
            "ADMIN_TOKEN; `python -m bot admin-token` prints the generated one)",
            base,
            base,
        )

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


def main(argv: Sequence[str] | None = None) -> int:
    # python-telegram-bot's coming behaviour (retry_after as a timedelta), without its warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "migrate":
            configure_logging(settings.log_level, settings.log_format, settings.secret_values())
            return asyncio.run(apply_migrations(settings))
        if args.command == "admin-token":
            return asyncio.run(print_admin_token(settings))
        business = load_business(settings.business_config)  # fail before touching the database
        configure_logging(settings.log_level, settings.log_format, settings.secret_values())
        return serve(settings, business)
    except (SettingsError, BusinessConfigError) as exc:
        print(f"burbgigz: {exc}", file=sys.stderr)
        return EXIT_CONFIG
