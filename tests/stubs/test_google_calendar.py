"""The Google Calendar stand-in, driven by the service's own client: a service account signs
in with a JWT signed by its key; busy times come back in UTC; an event written twice with our
id is one event; a delete of one already gone is done; 503 and a refused connection are
"unavailable", kept for later."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.calendars.google_errors import GoogleUnavailable
from bot.calendars.google_setup import google_calendar
from bot.settings import Settings
from domain.closures import BusyTime
from tests.stubs.google_calendar import FakeGoogleCalendar
from tests.support.clock import MovableClock
from tests.support.google_service import google_settings

SAST = ZoneInfo("Africa/Johannesburg")
NOON, ONE = datetime(2026, 11, 25, 12, tzinfo=SAST), datetime(2026, 11, 25, 13, tzinfo=SAST)
EVENT = {
    "summary": "BG-1001 Remote support session - Thandi",
    "start": {"dateTime": NOON.isoformat(), "timeZone": "Africa/Johannesburg"},
    "end": {"dateTime": ONE.isoformat(), "timeZone": "Africa/Johannesburg"},
    "extendedProperties": {"private": {"burbgigzVisit": "1"}},
}


def service_account_key() -> str:
    """A service account's JSON key, made now."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    account = {
        "type": "service_account",
        "client_email": "burbgigz@project.iam.gserviceaccount.com",
        "private_key": private,
    }
    return json.dumps(account)


async def test_a_service_account_signs_in_with_a_jwt_and_reads_busy_times() -> None:
    key_json = service_account_key()
    async with FakeGoogleCalendar() as google:
        google.busy(NOON, ONE)
        values = google_settings(google) | {"google_service_account_json": key_json}
        del values["google_refresh_token"]
        settings = Settings(_env_file=None, **values)
        calendar = google_calendar(settings, MovableClock())
        assert calendar is not None
        busy = await calendar.busy.busy(NOON.replace(hour=8), NOON.replace(hour=17))
        await calendar.api.close()
    assert busy == (BusyTime(NOON, ONE),)
    assert busy[0].start.tzinfo == UTC
    [claims] = google.assertions
    assert claims["iss"] == "burbgigz@project.iam.gserviceaccount.com"
    assert claims["scope"] == "https://www.googleapis.com/auth/calendar"
    assert claims["aud"] == google.token_url
    assert google.calls.count("POST /token") == 1


async def test_writes_are_idempotent_and_outages_are_unavailable() -> None:
    async with FakeGoogleCalendar() as google:
        calendar = google_calendar(
            Settings(_env_file=None, **google_settings(google)), MovableClock()
        )
        assert calendar is not None
        api = calendar.api
        await api.put_event("abc123", EVENT, exists=False)
        await api.put_event("abc123", {**EVENT, "summary": "moved"}, exists=False)  # 409: patch
        assert [e["summary"] for e in google.ours()] == ["moved"]
        await api.delete_event("abc123")
        await api.delete_event("abc123")  # already gone: done
        assert google.ours() == []
        google.down = True
        with pytest.raises(GoogleUnavailable, match="503"):
            await api.put_event("def456", EVENT, exists=False)
        google.down = False
        await google.refuse_connections()
        with pytest.raises(GoogleUnavailable, match="no answer"):
            await api.free_busy(NOON, ONE)
        await api.close()
