"""`doctor` asks the SMTP relay too: the stand-in answering is ok, a relay that is not there
is a problem with its own bit of the exit code (64)."""

from __future__ import annotations

import pytest

from bot.doctor import run_doctor
from bot.settings import Settings
from tests.stubs.service_process import free_port
from tests.stubs.smtp_relay import FakeSmtpRelay
from tests.support.email_service import EMAIL_FROM, smtp_settings


async def doctor(
    capsys: pytest.CaptureFixture[str], database_url: str, **smtp: object
) -> tuple[int, list[str]]:
    settings = Settings(_env_file=None, database_url=database_url, **smtp)  # type: ignore[arg-type]
    code = await run_doctor(settings)
    return code, [line for line in capsys.readouterr().out.splitlines() if "SMTP" in line]


async def test_the_relay_answering_is_ok(
    relay: FakeSmtpRelay, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    code, lines = await doctor(capsys, database_url, **smtp_settings(relay))
    assert lines == [f"ok      SMTP relay: 127.0.0.1:{relay.port} answers"] and code == 0


async def test_a_relay_not_there_is_a_problem_with_its_bit(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    nowhere = {"smtp_host": "127.0.0.1", "smtp_port": free_port(), "email_from": EMAIL_FROM}
    nowhere["smtp_starttls"] = False
    code, lines = await doctor(capsys, database_url, **nowhere)
    assert lines == ["PROBLEM SMTP relay: the relay cannot be reached (SMTPConnectError)"]
    assert code & 64
