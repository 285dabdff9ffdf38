"""`python -m bot doctor`: asks the database and each configured outside service whether it
answers and is set up as the settings say, one line each, before customers find out.

The exit code adds up a bit per service with a problem, so a deploy script can tell which:
database 4, Telegram 8, Twilio 16, Supabase 32, the SMTP relay 64, Google Calendar 128, the
LISTEN connection several processes meet on 256 (and 2 for settings, as every command)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
import httpx
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from twilio.base.exceptions import TwilioRestException

from bot.calendars.google_errors import GoogleRefused, GoogleUnavailable
from bot.calendars.google_setup import google_calendar
from bot.channels.email_send import relay_problem
from bot.channels.media_hosts import MediaHosts
from bot.channels.telegram import WEBHOOK_PATH
from bot.channels.twilio_api import TwilioApi
from bot.clock import SystemClock
from bot.processes.link_check import listen_problem
from bot.serving import ephemeral_disk_warning
from bot.settings import Settings
from storage import migrate
from storage.database import create_engine, normalize_database_url
from storage.supabase_files import SupabaseFileStore

DATABASE, TELEGRAM, TWILIO, SUPABASE, SMTP, GOOGLE, LISTEN = 4, 8, 16, 32, 64, 128, 256


@dataclass(frozen=True)
class Finding:
    service: str
    problem: str | None  # None: all is well
    detail: str = ""

    @property
    def line(self) -> str:
        if self.problem is None:
            return f"ok      {self.service}: {self.detail}"
        return f"PROBLEM {self.service}: {self.problem}"


Check = Callable[[Settings], Awaitable[list[Finding]]]


async def run_doctor(settings: Settings) -> int:
    checks: list[tuple[int, Check]] = [(DATABASE, _database)]
    if settings.listen_url:
        checks.append((LISTEN, _listen))
    if settings.telegram_bot_token:
        checks.append((TELEGRAM, _telegram))
    if settings.twilio_enabled:
        checks.append((TWILIO, _twilio))
    if settings.files_backend == "supabase":
        checks.append((SUPABASE, _supabase))
    if settings.smtp_host:
        checks.append((SMTP, _smtp))
    if settings.google_enabled:
        checks.append((GOOGLE, _google))
    exit_code = 0
    for bit, check in checks:
        for finding in await check(settings):
            print(finding.line)  # the operator reads these at the terminal, not in the log
            exit_code |= bit if finding.problem else 0
    for warning in (ephemeral_disk_warning(settings), _alone_warning(settings)):
        if warning:
            print(f"warning {warning}")
    return exit_code


async def _database(settings: Settings) -> list[Finding]:
    """The service's own connection answers, and the schema (read where migrations run) is
    up to date: on Supabase these are two connections, the pooler and the session one."""
    findings = []
    if settings.migrations_database_url:
        findings += await _reachable(settings.database_url, "the service's DATABASE_URL")
    engine = create_engine(settings.migrations_database_url or settings.database_url)
    try:
        pending = await migrate.pending_revisions(engine)
    except (SQLAlchemyError, OSError) as exc:
        cause = getattr(exc, "orig", None) or exc
        return [*findings, Finding("database", f"not reachable ({type(cause).__name__})")]
    finally:
        await engine.dispose()
    if pending:
        missing = f"{len(pending)} migration(s) not applied ({', '.join(pending)})"
        return [*findings, Finding("database", f"{missing}: run `python -m bot migrate`")]
    schema = f"reachable, schema at {migrate.head_revision()}"
    return [*findings, Finding("database", None, schema)]


async def _reachable(url: str, what: str) -> list[Finding]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        cause = getattr(exc, "orig", None) or exc
        return [Finding("database", f"{what} is not reachable ({type(cause).__name__})")]
    finally:
        await engine.dispose()
    return [Finding("database", None, f"{what} answers")]


async def _listen(settings: Settings) -> list[Finding]:
    """The session connection processes meet on carries LISTEN/NOTIFY."""
    url = settings.listen_url
    assert url is not None
    name = "DATABASE_LISTEN_URL" if settings.database_listen_url else "DATABASE_URL"
    if problem := await listen_problem(url):
        return [Finding("LISTEN", f"{name}: {problem}")]
    detail = f"{name} hears its own NOTIFY: several processes can share the database"
    return [Finding("LISTEN", None, detail)]


def _alone_warning(settings: Settings) -> str | None:
    """Postgres with only the transaction pooler given: no LISTEN, which one process does
    without (its own pages follow its own changes) and several do not."""
    backend = normalize_database_url(settings.database_url).get_backend_name()
    if backend != "postgresql" or settings.listen_url:
        return None
    return (
        "DATABASE_URL is the transaction pooler (port 6543), which cannot LISTEN: fine for one "
        "process; for several, set DATABASE_LISTEN_URL to the direct connection or the session "
        "pooler (port 5432)"
    )


async def _google(settings: Settings) -> list[Finding]:
    """The credentials sign in and the calendar's busy times can be read."""
    google = google_calendar(settings, SystemClock())
    assert google is not None
    calendar = settings.google_calendar_id
    now = datetime.now(UTC)
    try:
        await google.api.free_busy(now, now + timedelta(hours=1))
    except GoogleUnavailable as exc:
        return [Finding("Google Calendar", f"not answering: {exc}")]
    except GoogleRefused as exc:
        problem = f"calendar {calendar} cannot be read ({exc}): is it shared with the account?"
        return [Finding("Google Calendar", problem)]
    finally:
        await google.api.close()
    return [Finding("Google Calendar", None, f"calendar {calendar} answers")]


async def _telegram(settings: Settings) -> list[Finding]:
    assert settings.telegram_bot_token is not None
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_file_base_url,
    )
    try:
        async with bot:  # its start asks getMe: a refused token fails here
            me = await bot.get_me()
            hook = await bot.get_webhook_info()
    except InvalidToken:
        return [Finding("Telegram", "TELEGRAM_BOT_TOKEN is refused by Telegram")]
    except TelegramError as exc:
        return [Finding("Telegram", f"Telegram cannot be reached ({type(exc).__name__})")]
    findings = [Finding("Telegram", None, f"the token belongs to @{me.username}")]
    expected = f"{settings.base_url}{WEBHOOK_PATH}"
    if settings.telegram_mode == "polling":
        findings.append(Finding("Telegram", None, "polling (no webhook needed)"))
    elif not hook.url:
        problem = f"no webhook registered: `python -m bot serve` sets it to {expected}"
        findings.append(Finding("Telegram", problem))
    elif hook.url != expected:
        findings.append(Finding("Telegram", f"the webhook is {hook.url}, not {expected}"))
    elif hook.last_error_message:
        problem = f"the webhook is set, but Telegram's last call failed: {hook.last_error_message}"
        findings.append(Finding("Telegram", problem))
    else:
        findings.append(Finding("Telegram", None, f"webhook registered at {expected}"))
    return findings


async def _twilio(settings: Settings) -> list[Finding]:
    assert settings.twilio_account_sid and settings.twilio_auth_token
    api = TwilioApi(
        settings.twilio_account_sid,
        settings.twilio_auth_token.get_secret_value(),
        settings.twilio_api_base_url,
        MediaHosts(settings.twilio_media_hosts),
    )
    try:
        if problem := await api.account_problem():
            return [Finding("Twilio", problem)]
        findings = [Finding("Twilio", None, "the account is active")]
        if settings.twilio_sms_from:
            number = settings.twilio_sms_from
            owned = await api.owns_number(number)
            problem = None if owned else f"TWILIO_SMS_FROM {number} is not a number of this account"
            findings.append(Finding("Twilio", problem, f"SMS from {number}"))
        if settings.twilio_whatsapp_from:
            number = settings.twilio_whatsapp_from
            where = (
                "a number of this account"
                if await api.owns_number(number)
                else (
                    "not a phone number of this account: fine for the WhatsApp sandbox or a sender "
                    "registered in Twilio's console, which the API cannot confirm"
                )
            )
            findings.append(Finding("Twilio", None, f"WhatsApp from {number}: {where}"))
    except (aiohttp.ClientError, OSError, TimeoutError, TwilioRestException) as exc:
        return [Finding("Twilio", f"Twilio cannot be reached ({type(exc).__name__})")]
    finally:
        await api.close()
    return findings


async def _supabase(settings: Settings) -> list[Finding]:
    assert settings.supabase_url and settings.supabase_service_role_key
    store = await SupabaseFileStore.connect(
        settings.supabase_url,
        settings.supabase_service_role_key.get_secret_value(),
        settings.supabase_bucket,
    )
    try:
        problem = await store.bucket_problem()
    except (httpx.HTTPError, OSError) as exc:
        problem = f"Supabase cannot be reached ({type(exc).__name__})"
    finally:
        await store.close()
    return [Finding("Supabase", problem, f"bucket {settings.supabase_bucket} exists, private")]


async def _smtp(settings: Settings) -> list[Finding]:
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    return [Finding("SMTP relay", await relay_problem(settings), f"{where} answers")]
