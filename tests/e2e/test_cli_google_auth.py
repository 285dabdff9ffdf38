"""`python -m bot google-auth` as the technician runs it once: the consent address, the address
the browser was sent to pasted back, the refresh token printed for GOOGLE_REFRESH_TOKEN."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.stubs.service_process import clean_env


async def test_the_consent_code_becomes_the_refresh_token(tmp_path: Path) -> None:
    async with FakeGoogleCalendar() as google:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "google-auth",
            cwd=tmp_path,
            env=clean_env(
                GOOGLE_CLIENT_ID=google.client_id,
                GOOGLE_CLIENT_SECRET=google.client_secret,
                GOOGLE_TOKEN_URL=google.token_url,
            ),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None and process.stdin is not None
        await process.stdout.readline()  # "1. Open this address…"
        consent = urlsplit((await process.stdout.readline()).decode().strip())
        asked = parse_qs(consent.query)
        # Allowed in the browser: Google sends it to the loopback address with the code.
        back = f"{asked['redirect_uri'][0]}?state={asked['state'][0]}&code={google.consent_code}"
        out, err = await process.communicate(f"{back}\n".encode())

    assert consent.netloc == "accounts.google.com"
    assert asked["access_type"] == ["offline"] and asked["code_challenge_method"] == ["S256"]
    assert asked["scope"] == ["https://www.googleapis.com/auth/calendar"]
    assert process.returncode == 0, err.decode()
    assert f"GOOGLE_REFRESH_TOKEN={google.refresh_token}" in out.decode().splitlines()
