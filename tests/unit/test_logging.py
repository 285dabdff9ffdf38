"""Logs are one line per event and never carry a secret."""

from __future__ import annotations

import json
import logging

import pytest

from bot.log import configure_logging

TOKEN = "123456:AAE-very-secret"


@pytest.fixture(autouse=True)
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


def test_secrets_are_scrubbed_even_from_other_libraries(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text", [TOKEN])
    logging.getLogger("telegram.ext").warning(
        "POST https://api.telegram.org/bot%s/getMe failed", TOKEN
    )
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert "https://api.telegram.org/bot***/getMe failed" in err


def test_a_traceback_in_text_format_is_scrubbed_too(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text", [TOKEN])
    try:
        raise RuntimeError(f"Unauthorized for {TOKEN}")
    except RuntimeError:
        logging.getLogger("bot").exception("send failed")
    err = capsys.readouterr().err
    assert "RuntimeError: Unauthorized for ***" in err
    assert TOKEN not in err


def test_json_lines_carry_level_logger_extras_and_the_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", "json", [TOKEN])
    try:
        raise ValueError(f"bad token {TOKEN}")
    except ValueError:
        logging.getLogger("bot.dispatch").exception("handler failed", extra={"job": "BG-1001"})
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert (entry["level"], entry["logger"], entry["msg"], entry["job"]) == (
        "ERROR",
        "bot.dispatch",
        "handler failed",
        "BG-1001",
    )
    assert "ValueError: bad token ***" in entry["exc"]
    assert TOKEN not in lines[0]


def test_httpx_request_lines_are_quiet_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text")
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/botX/getMe")
    assert capsys.readouterr().err == ""
