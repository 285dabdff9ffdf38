"""EskomSePush's API as the load-shedding schedule: the coming power cuts of one of its areas
(GET {base}/area?id=…, the token in the `Token` header). A failure is logged and answered
with None, so the last schedule kept in the database stands in."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from domain.closures import PowerCut
from domain.errors import DomainError

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5  # a customer is waiting for the times; the last schedule will do


class EskomSePush:
    def __init__(self, token: str, base_url: str, refresh_after: timedelta) -> None:
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._refresh_after = refresh_after
        self._session: aiohttp.ClientSession | None = None

    @property
    def refresh_after(self) -> timedelta:
        return self._refresh_after

    async def power_cuts(self, area_id: str) -> list[PowerCut] | None:
        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout)
        url = f"{self._base_url}/area"
        try:
            async with self._session.get(
                url, params={"id": area_id}, headers={"Token": self._token}
            ) as response:
                if response.status != 200:
                    log.warning("EskomSePush answered %s for area %s", response.status, area_id)
                    return None
                body = await response.json()
            return _events(body)
        except (aiohttp.ClientError, TimeoutError, KeyError, ValueError, DomainError) as exc:
            log.warning("EskomSePush unreachable for area %s: %s", area_id, type(exc).__name__)
            return None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _events(body: Any) -> list[PowerCut]:
    """Its `events`: each with ISO `start` and `end` (with their offset) and a `note` such as
    "Stage 2". Anything else is a broken answer."""
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise ValueError("no events list")
    cuts: list[PowerCut] = []
    for event in body["events"]:
        if not isinstance(event, dict):
            raise ValueError("an event that is not an object")
        start = datetime.fromisoformat(str(event["start"]))
        end = datetime.fromisoformat(str(event["end"]))
        cuts.append(PowerCut(start, end, str(event.get("note", ""))))
    return cuts
