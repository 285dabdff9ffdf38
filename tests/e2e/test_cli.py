"""The operator contract for `python -m bot`: settings errors, migrate, serve, stop."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.stubs.service_process import free_port
from tests.support.cli import health_once_up, run_bot, start_bot


def test_a_malformed_port_stops_start_up_with_one_line_naming_it(tmp_path: Path) -> None:
    result = run_bot(cwd=tmp_path, PORT="eighty")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "PORT" in lines[0]
    assert not (tmp_path / "var").exists()  # nothing was touched


def test_a_bad_secret_is_named_but_never_printed(tmp_path: Path) -> None:
    result = run_bot(cwd=tmp_path, TELEGRAM_WEBHOOK_SECRET="not allowed: spaces & symbols")
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert "spaces & symbols" not in result.stderr


def test_a_broken_business_file_names_the_key(tmp_path: Path) -> None:
    bundled = (Path(__file__).parents[2] / "bot" / "default_business.toml").read_text()
    broken = tmp_path / "business.toml"
    broken.write_text(bundled.replace('sat = "09:00-13:00"', 'sat = "9 till 1"'))
    result = run_bot(cwd=tmp_path, BUSINESS_CONFIG=str(broken))
    assert result.returncode == 2
    assert "hours.sat" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_help_lists_the_commands_and_every_setting_with_its_default(tmp_path: Path) -> None:
    result = run_bot("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "serve" in result.stdout and "migrate" in result.stdout
    for name in Settings.model_fields:
        assert name.upper() in result.stdout
    assert "default: sqlite+aiosqlite:///./var/burbgigz.sqlite3" in result.stdout
    assert "default: Africa/Johannesburg" in result.stdout


def test_migrate_creates_the_schema_and_a_second_run_changes_nothing(
    tmp_path: Path, empty_database_url: str
) -> None:
    # Supabase hands out postgres://…; the service must take it as it is.
    url = empty_database_url.replace("postgresql://", "postgres://")
    first = run_bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert first.returncode == 0, first.stderr
    assert "database migrated to" in first.stderr
    second = run_bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stderr


def test_migrate_with_no_database_server_fails_with_one_clear_line(tmp_path: Path) -> None:
    result = run_bot("migrate", cwd=tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "cannot migrate the database" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_on_the_embedded_default_answers_health_and_stops_cleanly(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    port = free_port()
    process = start_bot(cwd=tmp_path, PORT=str(port))
    try:
        status, body = health_once_up(port, process)
        assert (status, body["status"], body["database"]) == (200, "ok", "ok")
        assert (tmp_path / "var" / "burbgigz.sqlite3").exists()  # the embedded default
        started = time.monotonic()
        process.send_signal(stop_signal)
        output, _ = process.communicate(timeout=10)
        assert time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert f"BurbGigz is running on http://0.0.0.0:{port}. Where to go:" in output
    assert f"health check             http://localhost:{port}/healthz" in output
    assert "/s/{token}/events" not in output  # the routes are for DEBUG, not the first screen
    assert "stopped" in output
