"""`doctor` asks the connection several processes meet on whether it carries LISTEN/NOTIFY:
it must hear its own notice back. One that does not gets its own bit of the exit code (256);
Postgres with only the transaction pooler given is a warning (one process does without)."""

from __future__ import annotations

import pytest

from bot.doctor import run_doctor
from bot.settings import Settings
from tests.stubs.service_process import free_port


async def doctor(capsys: pytest.CaptureFixture[str], **settings: str) -> tuple[int, list[str]]:
    code = await run_doctor(Settings(_env_file=None, **settings))  # type: ignore[arg-type]
    return code, [line for line in capsys.readouterr().out.splitlines() if "LISTEN" in line]


async def test_the_database_itself_is_the_listen_connection_on_postgres(
    backend: str, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    code, lines = await doctor(capsys, database_url=database_url)
    if backend == "sqlite":  # one process: nothing to meet on
        assert lines == [] and code == 0
    else:
        assert lines == [
            "ok      LISTEN: DATABASE_URL hears its own NOTIFY: "
            "several processes can share the database"
        ]
        assert code == 0


async def test_a_listen_connection_that_does_not_answer_has_its_own_bit(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    nowhere = f"postgresql://nobody@127.0.0.1:{free_port()}/gone"
    code, lines = await doctor(capsys, database_url=database_url, database_listen_url=nowhere)
    assert lines == ["PROBLEM LISTEN: DATABASE_LISTEN_URL: not reachable (ConnectionRefusedError)"]
    assert code == 256


async def test_only_the_transaction_pooler_is_said_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pooler = "postgresql://postgres.project:secret@127.0.0.1:6543/postgres"
    code, lines = await doctor(capsys, database_url=pooler)
    assert lines == [
        "warning DATABASE_URL is the transaction pooler (port 6543), which cannot LISTEN: fine "
        "for one process; for several, set DATABASE_LISTEN_URL to the direct connection or the "
        "session pooler (port 5432)"
    ]
    assert code == 4  # nothing answers there: the database's bit, not the LISTEN one
