"""`python -m bot [serve|migrate|admin-token|doctor|google-auth]`: the operator's entry point.
The service's heavy parts are imported only by the command that needs them, so --help answers
at once."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from bot.business import BusinessConfigError, load_business
from bot.log import configure_logging
from bot.settings import SettingsError, load_settings
from bot.settings_help import settings_help

EXIT_CONFIG = 2


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
    commands.add_parser(
        "doctor", help="check the database and every configured outside service, then exit"
    )
    commands.add_parser(
        "google-auth",
        help="obtain the technician's Google refresh token once (GOOGLE_CLIENT_ID and "
        "GOOGLE_CLIENT_SECRET set), for GOOGLE_REFRESH_TOKEN",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # python-telegram-bot's coming behaviour (retry_after as a timedelta), without its warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "migrate":
            from bot.serving import apply_migrations

            configure_logging(settings.log_level, settings.log_format, settings.secret_values())
            return asyncio.run(apply_migrations(settings))
        if args.command == "admin-token":
            from bot.web.admin_token import print_admin_token

            return asyncio.run(print_admin_token(settings))
        if args.command == "google-auth":
            from bot.calendars.google_consent import google_auth

            return google_auth(settings)
        business = load_business(settings.business_config)  # fail before touching the database
        configure_logging(settings.log_level, settings.log_format, settings.secret_values())
        if args.command == "doctor":
            from bot.doctor import run_doctor

            return asyncio.run(run_doctor(settings))
        from bot.serving import serve

        return serve(settings, business)
    except (SettingsError, BusinessConfigError) as exc:
        print(f"burbgigz: {exc}", file=sys.stderr)
        return EXIT_CONFIG
