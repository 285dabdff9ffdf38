"""`python -m bot doctor` against the stand-ins: one line per check, a bit of the exit code per
service with a problem (database 4, Telegram 8, Twilio 16, Supabase 32, Google Calendar 128,
the LISTEN connection 256)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.doctor import run_doctor
from bot.settings import load_settings
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.stubs.service_process import clean_env, free_port
from tests.stubs.supabase_storage import FakeStorage
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.twilio_api import FakeTwilio
from tests.support.google_service import google_settings

PUBLIC = "https://burbgigz.test"
WEBHOOK = f"{PUBLIC}/telegram/webhook"


@dataclass
class Outside:
    telegram: FakeBotApi
    twilio: FakeTwilio
    storage: FakeStorage

    def env(self, database_url: str) -> dict[str, str]:
        """The settings of a deployment that uses every outside service."""
        return {
            "DATABASE_URL": database_url,
            "PUBLIC_BASE_URL": PUBLIC,
            "TELEGRAM_BOT_TOKEN": self.telegram.token,
            "TELEGRAM_API_BASE_URL": self.telegram.base_url,
            "TELEGRAM_FILE_BASE_URL": self.telegram.file_base_url,
            "TWILIO_ACCOUNT_SID": self.twilio.account_sid,
            "TWILIO_AUTH_TOKEN": self.twilio.auth_token,
            "TWILIO_SMS_FROM": self.twilio.sms_number,
            "TWILIO_WHATSAPP_FROM": "+14155238886",  # the sandbox: not a number of the account
            "TWILIO_API_BASE_URL": self.twilio.base_url,
            "SUPABASE_URL": self.storage.url,
            "SUPABASE_SERVICE_ROLE_KEY": self.storage.key,
        }


async def set_webhook(telegram: FakeBotApi, url: str) -> None:
    """As Telegram's own setWebhook does it, called the way any client calls it."""
    async with aiohttp.ClientSession() as http:
        answer = await http.post(
            f"{telegram.base_url}{telegram.token}/setWebhook", json={"url": url}
        )
        assert (await answer.json())["ok"]


@pytest.fixture
async def outside() -> AsyncIterator[Outside]:
    async with FakeBotApi() as telegram, FakeTwilio() as twilio, FakeStorage() as storage:
        await set_webhook(telegram, WEBHOOK)
        yield Outside(telegram, twilio, storage)


async def doctor_in_process(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> list[str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = await run_doctor(load_settings(None))
    return [*capsys.readouterr().out.splitlines(), f"exit {code}"]


async def test_a_healthy_deployment_is_all_ok_and_exits_0(
    outside: Outside, database_url: str, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "doctor",
        cwd=tmp_path,
        env=clean_env(**outside.env(database_url)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    lines = output.decode().splitlines()
    assert process.returncode == 0, lines
    assert "ok      Telegram: the token belongs to @burbgigz_bot" in lines
    assert f"ok      Telegram: webhook registered at {WEBHOOK}" in lines
    assert "ok      Twilio: the account is active" in lines
    assert f"ok      Twilio: SMS from {outside.twilio.sms_number}" in lines
    assert "ok      Supabase: bucket burbgigz exists, private" in lines
    assert any(line.startswith("ok      database: reachable, schema at") for line in lines)
    assert not any(line.startswith("PROBLEM") for line in lines)


async def test_each_broken_service_gets_its_line_and_its_bit(
    outside: Outside,
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = outside.env(empty_database_url) | {
        "TELEGRAM_BOT_TOKEN": "123:wrong",
        "TWILIO_SMS_FROM": "+27875559999",
        "SUPABASE_BUCKET": "photos",
    }
    lines = await doctor_in_process(env, monkeypatch, capsys)
    assert "PROBLEM Telegram: TELEGRAM_BOT_TOKEN is refused by Telegram" in lines
    assert "PROBLEM Twilio: TWILIO_SMS_FROM +27875559999 is not a number of this account" in lines
    assert "PROBLEM Supabase: bucket photos does not exist: create it, private" in lines
    assert any(
        line.startswith("PROBLEM database:") and "run `python -m bot migrate`" in line
        for line in lines
    )
    assert lines[-1] == "exit 60"


async def test_a_webhook_set_elsewhere_and_a_public_bucket_are_problems(
    outside: Outside,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await set_webhook(outside.telegram, "https://old-host.example/hook")
    outside.storage.public_buckets.add("burbgigz")
    outside.twilio.account_status = "suspended"
    lines = await doctor_in_process(outside.env(database_url), monkeypatch, capsys)
    assert f"PROBLEM Telegram: the webhook is https://old-host.example/hook, not {WEBHOOK}" in lines
    assert "PROBLEM Supabase: bucket burbgigz is public: make it private" in lines
    assert "PROBLEM Twilio: the account is suspended, not active" in lines
    assert lines[-1] == f"exit {8 | 16 | 32}"


async def test_refused_twilio_credentials_are_named(
    outside: Outside,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = outside.env(database_url) | {"TWILIO_AUTH_TOKEN": "0" * 32}
    lines = await doctor_in_process(env, monkeypatch, capsys)
    assert "PROBLEM Twilio: the account SID or auth token is refused" in lines
    assert lines[-1] == "exit 16"


async def test_the_services_own_connection_is_checked_beside_the_migrations_one(
    outside: Outside,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = outside.env(f"postgresql://nobody@127.0.0.1:{free_port()}/gone") | {
        "MIGRATIONS_DATABASE_URL": database_url
    }
    lines = await doctor_in_process(env, monkeypatch, capsys)
    assert any(
        line.startswith("PROBLEM database: the service's DATABASE_URL is not reachable")
        for line in lines
    ), lines
    assert any(line.startswith("ok      database: reachable, schema at") for line in lines)
    # The service's connection is the one processes meet on, too.
    assert any(line.startswith("PROBLEM LISTEN: DATABASE_URL: not reachable") for line in lines)
    assert lines[-1] == f"exit {4 | 256}"


async def test_the_technicians_google_calendar_is_checked(
    outside: Outside,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with FakeGoogleCalendar() as google:
        env = outside.env(database_url) | {
            name.upper(): value for name, value in google_settings(google).items()
        }
        lines = await doctor_in_process(env, monkeypatch, capsys)
        assert f"ok      Google Calendar: calendar {google.calendar_id} answers" in lines
        assert lines[-1] == "exit 0"

        env["GOOGLE_REFRESH_TOKEN"] = "1//revoked"
        lines = await doctor_in_process(env, monkeypatch, capsys)
    assert any(
        line.startswith("PROBLEM Google Calendar: not answering: sign-in refused (invalid_grant)")
        for line in lines
    )
    assert lines[-1] == "exit 128"
