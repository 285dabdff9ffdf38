"""A local stand-in for Google's OAuth token endpoint and Calendar API v3, driven by the
service's real aiohttp client.

`async with FakeGoogleCalendar() as google:` then GOOGLE_TOKEN_URL is `google.token_url` and
GOOGLE_API_BASE_URL is `google.api_url`. It answers `POST /token` (the authorization_code grant of
the consent, the refresh_token grant with the client id and secret, the JWT-bearer grant of a
service account), `POST /calendar/v3/freeBusy`,
and events insert / list / patch / delete under `/calendar/v3/calendars/{id}/events`, as Google
does (a second insert of one id is a 409; a deleted event stays gone). It can go down:
`down = True` answers 503 to everything, `refuse_writes = True` 400 to an insert;
`await google.refuse_connections()` stops listening on its port until
`await google.listen_again()`; `delay = 4.0` makes each calendar answer (not the token's) wait
that many seconds, as a slow Google does (`answering` counts the requests it is still on)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any, Self

import jwt
from aiohttp import web
from aiohttp.typedefs import Handler

from tests.stubs.local_server import LocalServer

API = "/calendar/v3"


class FakeGoogleCalendar:
    def __init__(
        self,
        *,
        calendar_id: str = "tech@example.com",
        client_id: str = "client-id.apps.googleusercontent.com",
        client_secret: str = "client-secret",
        refresh_token: str = "1//refresh-token",
    ) -> None:
        self.calendar_id = calendar_id
        self.client_id, self.client_secret = client_id, client_secret
        self.refresh_token = refresh_token
        self.consent_code: str | None = "4/consent-code"  # what the consent page would give
        self.events: dict[str, dict[str, Any]] = {}  # by id; what the calendar shows
        self.deleted: set[str] = set()
        self.calls: list[str] = []  # "POST /freeBusy", "PATCH /events/…", in order
        self.down = False
        self.refuse_writes = False  # events refused for good (400), as for a bad request
        self.delay = 0.0  # seconds each calendar answer waits
        self.answering = 0  # requests taken and not yet answered
        self._tokens: set[str] = set()
        self.assertions: list[dict[str, Any]] = []  # a service account's claims, as sent
        self._server = LocalServer()

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def busy(self, start: datetime, end: datetime, summary: str = "Dentist") -> None:
        """An event of the technician's own in the calendar."""
        event_id = uuid.uuid4().hex
        self.events[event_id] = {
            "id": event_id,
            "summary": summary,
            "start": {"dateTime": start.isoformat()},
            "end": {"dateTime": end.isoformat()},
        }

    def ours(self) -> list[dict[str, Any]]:
        """The events the service wrote (they carry the visit's number)."""
        return [e for e in self.events.values() if "extendedProperties" in e]

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._gate])
        app.router.add_post("/token", self._token)
        app.router.add_post(API + "/freeBusy", self._free_busy)
        events = API + "/calendars/{calendar}/events"
        app.router.add_post(events, self._insert)
        app.router.add_get(events, self._list)
        app.router.add_patch(events + "/{event}", self._patch)
        app.router.add_delete(events + "/{event}", self._delete)
        await self._server.start(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.stop()

    async def refuse_connections(self) -> None:
        """Nothing listens on the port: connections are refused."""
        await self._server.stop_listening()

    async def listen_again(self) -> None:
        await self._server.listen_again()

    @web.middleware
    async def _gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.calls.append(f"{request.method} {request.path.removeprefix(API)}")
        if self.down:
            return _error(503, "backendError", "Service unavailable")
        if request.path != "/token":
            auth = request.headers.get("Authorization", "")
            if auth.removeprefix("Bearer ") not in self._tokens:
                return _error(401, "authError", "Invalid Credentials")
            if request.match_info.get("calendar", self.calendar_id) != self.calendar_id:
                return _error(404, "notFound", "Not Found")
        self.answering += 1
        try:
            await asyncio.sleep(self.delay if request.path != "/token" else 0)
            return await handler(request)
        finally:
            self.answering -= 1

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        grant = form.get("grant_type")
        if grant == "authorization_code":  # the consent's code, traded once (PKCE)
            if form.get("code") != self.consent_code or not form.get("code_verifier"):
                return web.json_response({"error": "invalid_grant"}, status=400)
            self.consent_code = None
            return web.json_response(
                {"access_token": "ya29.first", "refresh_token": self.refresh_token}
            )
        if grant == "refresh_token":
            good = (form.get("client_id"), form.get("client_secret"), form.get("refresh_token"))
            if good != (self.client_id, self.client_secret, self.refresh_token):
                return web.json_response({"error": "invalid_grant"}, status=400)
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            # Google checks the signature against the account's public key; the stand-in
            # keeps the claims for the test to read.
            claims = jwt.decode(str(form["assertion"]), options={"verify_signature": False})
            self.assertions.append(claims)
        else:
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        token = f"ya29.{uuid.uuid4().hex}"
        self._tokens.add(token)
        return web.json_response(
            {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        )

    async def _free_busy(self, request: web.Request) -> web.Response:
        query = await request.json()
        start, end = _when(query["timeMin"]), _when(query["timeMax"])
        calendars: dict[str, Any] = {}
        for item in query["items"]:
            if item["id"] != self.calendar_id:
                calendars[item["id"]] = {"errors": [{"domain": "global", "reason": "notFound"}]}
                continue
            busy = sorted(
                (max(s, start), min(e, end))
                for s, e in (_span(event) for event in self.events.values())
                if s < end and start < e
            )
            calendars[item["id"]] = {"busy": [{"start": _z(s), "end": _z(e)} for s, e in busy]}
        return web.json_response(
            {
                "kind": "calendar#freeBusy",
                "timeMin": query["timeMin"],
                "timeMax": query["timeMax"],
                "calendars": calendars,
            }
        )

    async def _insert(self, request: web.Request) -> web.Response:
        if self.refuse_writes:
            return _error(400, "invalid", "Invalid event")
        event = await request.json()
        event_id = event.setdefault("id", uuid.uuid4().hex)
        if event_id in self.events or event_id in self.deleted:
            return _error(409, "duplicate", "The requested identifier already exists.")
        self.events[event_id] = {**event, "status": "confirmed"}
        return web.json_response(self.events[event_id])

    async def _list(self, request: web.Request) -> web.Response:
        items = sorted(self.events.values(), key=lambda e: _span(e)[0])
        return web.json_response({"kind": "calendar#events", "items": items})

    async def _patch(self, request: web.Request) -> web.Response:
        event_id = request.match_info["event"]
        if event_id not in self.events:
            return _error(410 if event_id in self.deleted else 404, "notFound", "Not Found")
        self.events[event_id] |= await request.json()
        return web.json_response(self.events[event_id])

    async def _delete(self, request: web.Request) -> web.Response:
        event_id = request.match_info["event"]
        if event_id not in self.events:
            return _error(410 if event_id in self.deleted else 404, "notFound", "Not Found")
        del self.events[event_id]
        self.deleted.add(event_id)
        return web.Response(status=204)


def _error(status: int, reason: str, message: str) -> web.Response:
    body = {"error": {"code": status, "message": message, "errors": [{"reason": reason}]}}
    return web.json_response(body, status=status)


def _span(event: dict[str, Any]) -> tuple[datetime, datetime]:
    return _when(event["start"]["dateTime"]), _when(event["end"]["dateTime"])


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
