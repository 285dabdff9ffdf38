"""The whole app with the technician's Google Calendar set up, pointed at the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.stubs.google_calendar import FakeGoogleCalendar


def google_settings(google: FakeGoogleCalendar) -> dict[str, Any]:
    """The settings that point the service at the stand-in, with a refresh token."""
    return {
        "google_client_id": google.client_id,
        "google_client_secret": google.client_secret,
        "google_refresh_token": google.refresh_token,
        "google_calendar_id": google.calendar_id,
        "google_api_base_url": google.api_url,
        "google_token_url": google.token_url,
    }


async def until(happened: Callable[[], bool], timeout: float = 20.0) -> None:  # noqa: ASYNC109
    """Wait for something the service does in the background (its writer polls every few
    seconds); fail saying so if it never happens."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not happened():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the service did not get there in time")
        await asyncio.sleep(0.05)
