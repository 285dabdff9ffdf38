"""Google Calendar API v3 over aiohttp: freeBusy.query and events insert/patch/delete, the five
calls the service makes (no discovery document to fetch at run time, and the stand-in stays a
handful of routes). Writes are idempotent: an event's id is ours, so an insert repeated after a
lost answer is a 409 and becomes a patch; a delete of an event already gone is done."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.calendars.google_errors import GoogleRefused, GoogleUnavailable
from bot.calendars.google_tokens import AccessTokens
from domain.closures import BusyTime

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5  # a customer may be waiting for the times; the last known ones will do
GONE = (404, 410)


class GoogleCalendarApi:
    def __init__(self, tokens: AccessTokens, base_url: str, calendar_id: str) -> None:
        self._tokens = tokens
        self._base_url = base_url.rstrip("/")
        self._calendar_id = calendar_id
        self._session: aiohttp.ClientSession | None = None

    async def free_busy(self, start: datetime, end: datetime) -> tuple[BusyTime, ...]:
        query = {
            "timeMin": _rfc3339(start),
            "timeMax": _rfc3339(end),
            "items": [{"id": self._calendar_id}],
        }
        status, body = await self._call("POST", "/freeBusy", query)
        if status != 200:
            raise GoogleRefused(f"freeBusy answered {status}")
        try:
            found = body["calendars"][self._calendar_id]
            if found.get("errors"):
                raise GoogleRefused(f"freeBusy: {found['errors'][0].get('reason', 'error')}")
            return tuple(
                BusyTime(datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
                for b in found.get("busy", [])
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GoogleUnavailable(f"freeBusy: a broken answer ({type(exc).__name__})") from None

    async def put_event(self, event_id: str, event: dict[str, Any], *, exists: bool) -> None:
        """Insert the event with our id, or patch it where it is (whichever Google has)."""
        one = f"{self._events}/{quote(event_id)}"
        if exists:
            status, _ = await self._call("PATCH", one, event)
            if status in GONE:  # removed by hand in the calendar: written again
                status, _ = await self._call("POST", self._events, {**event, "id": event_id})
        else:
            status, _ = await self._call("POST", self._events, {**event, "id": event_id})
            if status == 409:  # our earlier insert did arrive
                status, _ = await self._call("PATCH", one, event)
        if status not in (200, 201):
            raise GoogleRefused(f"the event was refused ({status})")

    async def delete_event(self, event_id: str) -> None:
        status, _ = await self._call("DELETE", f"{self._events}/{quote(event_id)}")
        if status not in (200, 204, *GONE):
            raise GoogleRefused(f"the delete was refused ({status})")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def _events(self) -> str:
        return f"/calendars/{quote(self._calendar_id, safe='')}/events"

    async def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
            )
        token = await self._tokens.token(self._session)
        headers = {"Authorization": f"Bearer {token}"}
        try:
            async with self._session.request(
                method, self._base_url + path, json=body, headers=headers
            ) as response:
                status = response.status
                answer = await response.json(content_type=None) if status != 204 else None
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise GoogleUnavailable(f"no answer ({type(exc).__name__})") from None
        if status == 401:
            self._tokens.forget()
            raise GoogleUnavailable("the access token was refused")
        if status == 429 or status >= 500 or _rate_limited(status, answer):
            raise GoogleUnavailable(f"answered {status}")
        if status >= 400 and status not in (*GONE, 409):
            log.warning("Google Calendar refused %s %s: %s", method, path.split("/")[1], status)
        return status, answer


def _rate_limited(status: int, answer: Any) -> bool:
    """Google says 403 with a rate-limit reason for "slow down", not "never"."""
    if status != 403 or not isinstance(answer, dict):
        return False
    errors = answer.get("error", {}).get("errors", [])
    return any("RateLimit" in str(e.get("reason", "")) for e in errors if isinstance(e, dict))


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
