"""A local stand-in for EskomSePush's business API, driven by the service's real aiohttp client.

`async with FakeEskomSePush(token="t") as esp:` then the service's ESKOMSEPUSH_API_BASE_URL is
`esp.url`. It answers `GET /business/2.0/area?id=…` with the API's shape (`events` with ISO
`start`, `end` and a `note` like "Stage 2"; `info`; `schedule`), refuses a missing or wrong
`Token` header with 403, an unknown area with 404, and can be told to fail (`down = True`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from aiohttp import web

from tests.stubs.local_server import LocalServer

_BASE = "/business/2.0"


class FakeEskomSePush:
    def __init__(self, token: str = "esp-token") -> None:
        self.token = token
        self.areas: dict[str, list[tuple[datetime, datetime, int]]] = {}
        self.calls: list[str] = []  # the area ids asked for, in order
        self.down = False
        self._server = LocalServer()
        self._port = 0

    @property
    def url(self) -> str:
        """What ESKOMSEPUSH_API_BASE_URL would be."""
        return f"http://127.0.0.1:{self._port}{_BASE}"

    def shed(self, area_id: str, start: datetime, end: datetime, stage: int = 2) -> None:
        """Load-shedding in that area from start to end."""
        self.areas.setdefault(area_id, []).append((start, end, stage))

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get(_BASE + "/area", self._area)
        self._port = await self._server.start(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.stop()

    async def _area(self, request: web.Request) -> web.Response:
        if request.headers.get("Token") != self.token:
            return web.json_response({"error": "Token invalid"}, status=403)
        area_id = request.query.get("id", "")
        self.calls.append(area_id)
        if self.down:
            return web.json_response({"error": "Service unavailable"}, status=503)
        if area_id not in self.areas:
            return web.json_response({"error": "Area not found"}, status=404)
        return web.json_response(_area_information(area_id, self.areas[area_id]))


def _area_information(area_id: str, cuts: list[tuple[datetime, datetime, int]]) -> dict[str, Any]:
    events = [
        {"start": start.isoformat(), "end": end.isoformat(), "note": f"Stage {stage}"}
        for start, end, stage in sorted(cuts)
    ]
    return {
        "events": events,
        "info": {"name": area_id.rsplit("-", 1)[-1].title(), "region": "JHB City Power"},
        "schedule": {"days": [], "source": "https://www.citypower.co.za/"},
    }
