"""A local stand-in for Twilio Programmable Messaging, driven by the real twilio client.

The app's client points `client.api.base_url` at `FakeTwilio.base_url` and creates messages; they
are validated like Twilio (400 with Twilio's error codes), answered 201 "queued", and then progress
in the background like on Twilio: media fetched, then status callbacks signed with the auth token.
Customers write in through `send_inbound`; their side (opt-outs, WhatsApp windows, inbound media)
lives in `twilio_phone`.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from typing import Any, Self

import aiohttp
from aiohttp import web
from multidict import MultiDict

from tests.stubs.local_server import LocalServer
from tests.stubs.twilio_phone import (
    API_VERSION,
    STATUS_PATHS,
    WHATSAPP,
    Channel,
    PhoneNetwork,
    bare,
    new_sid,
    num_segments,
)

_ACCOUNTS = f"/{API_VERSION}/Accounts"
_E164 = re.compile(r"\+[1-9]\d{1,14}")
_ERROR_MESSAGES = {
    11200: "HTTP retrieval failure",
    30003: "Unreachable destination handset",
    30005: "Unknown destination handset",
    30006: "Landline or unreachable carrier",
    30007: "Message filtered",
    30008: "Unknown error",
    63016: "Failed to send freeform message because you are outside the allowed window. If you "
    "want to send messages outside the allowed window, please use a Message Template.",
}


class TwilioError(Exception):
    """A refusal in Twilio's JSON error shape, which the client raises as TwilioRestException."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> web.Response:
        more_info = f"https://www.twilio.com/docs/errors/{self.code}"
        body = {"code": self.code, "message": self.message, "more_info": more_info}
        return web.json_response(body | {"status": self.status}, status=self.status)


@dataclass(frozen=True)
class FetchedMedia:
    url: str
    content_type: str
    data: bytes


@dataclass
class SentMessage:
    """An accepted message; `statuses` lists those it reached after "queued" (each one posted to
    `status_callback` when there is one), `status`/`error_code` where it stands now."""

    sid: str
    to: str
    from_: str
    body: str
    media_urls: list[str]
    content_sid: str | None
    content_variables: dict[str, str] | None
    status_callback: str | None
    created: datetime
    status: str = "queued"
    error_code: int | None = None
    statuses: list[str] = field(default_factory=list)
    fetched_media: list[FetchedMedia] = field(default_factory=list)


@dataclass(frozen=True)
class ApiRequest:
    """One API call as the server saw it; `status` None means the connection was dropped."""

    method: str
    path: str
    params: MultiDict[str]
    status: int | None
    code: int | None = None


@dataclass(frozen=True)
class CallbackAttempt:
    """One status callback; `response_status` is None when the app could not be reached."""

    message_sid: str
    message_status: str
    url: str
    response_status: int | None
    error: str = ""


@dataclass
class _Failure:
    error: TwilioError
    times: int


def _utcnow() -> datetime:
    return datetime.now(UTC)


class FakeTwilio(PhoneNetwork):
    """`async with FakeTwilio() as twilio:` then set `client.api.base_url = twilio.base_url`.
    Customers write in with `send_inbound`; see `PhoneNetwork` for that side and for where
    Twilio's requests to the app go (`public_base_url`, `webhook_target`)."""

    def __init__(
        self,
        account_sid: str = "AC0123456789abcdef0123456789abcdef",
        auth_token: str = "5e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b",
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(account_sid, auth_token, clock or _utcnow)
        self.status_delay = 0.05  # seconds before each status change, like the carrier's latency
        self.messages: list[SentMessage] = []
        self.requests: list[ApiRequest] = []
        self.callbacks: list[CallbackAttempt] = []
        self._auth = aiohttp.encode_basic_auth(account_sid, auth_token)
        self._failures: list[_Failure] = []
        self._offline = False
        self._tasks: list[asyncio.Task[None]] = []
        self._server = LocalServer()
        self.account_status = "active"

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(_ACCOUNTS + "/{account_sid}/Messages.json", self._create_message)
        media = "/{account_sid}/Messages/{message_sid}/Media/{media_sid}"
        app.router.add_get(_ACCOUNTS + media, self._get_media)
        app.router.add_get(_ACCOUNTS + "/{account_sid}.json", self._get_account)
        numbers = "/{account_sid}/IncomingPhoneNumbers.json"
        app.router.add_get(_ACCOUNTS + numbers, self._list_numbers)
        self._port = await self._server.start(app)
        await self._start_network()

    async def stop(self) -> None:
        """Cancel what is still in flight (call `settled()` first to let it finish)."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._stop_network()
        await self._server.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- test controls ---------------------------------------------------------------------
    def fail_next(self, status: int, code: int, message: str | None = None, times: int = 1) -> None:
        """The next `times` message creations are refused with this error (after the auth check)."""
        error = TwilioError(status, code, message or HTTPStatus(status).phrase)
        self._failures.append(_Failure(error, times))

    def set_offline(self, offline: bool = True) -> None:
        """Drop every API connection without answering: the client raises
        aiohttp.ServerDisconnectedError, not TwilioRestException (use fail_next for a 5xx)."""
        self._offline = offline

    # -- inspection ------------------------------------------------------------------------
    def messages_to(self, to: str) -> list[SentMessage]:
        """Accepted messages to `to`, written as the app sent it (`whatsapp:+…` on WhatsApp)."""
        return [m for m in self.messages if m.to == to]

    async def wait_for(
        self,
        match: int | Callable[[SentMessage], bool] = 1,
        *,
        to: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a polling deadline, not a cancel scope
    ) -> list[SentMessage]:
        """The accepted messages (to `to`, if given) once there are `match` of them; with a
        predicate, the ones it accepts once there is at least one."""
        deadline = time.monotonic() + timeout
        while True:
            pool = self.messages if to is None else self.messages_to(to)
            found = pool if isinstance(match, int) else [m for m in pool if match(m)]
            if len(found) >= (match if isinstance(match, int) else 1):
                return list(found)
            if time.monotonic() >= deadline:
                wanted = f"{match} message(s)" if isinstance(match, int) else "a matching message"
                where = f" to {to}" if to is not None else ""
                raise AssertionError(
                    f"expected {wanted}{where} within {timeout}s, got {len(found)}; "
                    f"received:\n{self.summary()}"
                )
            await asyncio.sleep(0.02)

    async def settled(self) -> None:
        """Wait until every media fetch and status callback in flight has finished."""
        while self._tasks:
            tasks, self._tasks = self._tasks, []
            await asyncio.gather(*tasks)

    def summary(self) -> str:
        """One line per API call and per message, for failure reports."""
        lines = []
        for r in self.requests:
            outcome = f"{r.status or 'dropped'}" + (f" {r.code}" if r.code else "")
            sent = (
                f" To={r.params['To']} {r.params.get('Body', '')[:60]!r}"
                if "To" in r.params
                else ""
            )
            lines.append(f"  {r.method} {r.path} [{outcome}]{sent}")
        for m in self.messages:
            error = f" ({m.error_code})" if m.error_code else ""
            lines.append(f"  {m.sid} to={m.to} {m.status}{error} statuses={m.statuses}")
        return "\n".join(lines) or "  (no requests)"

    # -- REST API --------------------------------------------------------------------------
    async def _create_message(self, request: web.Request) -> web.StreamResponse:
        form = await _form(request)
        if self._offline:
            return self._drop(request, form)
        try:
            self._check_access(request)
            if self._failures:
                failure = self._failures[0]
                failure.times -= 1
                if failure.times <= 0:
                    self._failures.pop(0)
                raise failure.error
            message, fate = self._accept(form)
        except TwilioError as err:
            self.requests.append(ApiRequest("POST", request.path, form, err.status, err.code))
            return err.response()
        self.requests.append(ApiRequest("POST", request.path, form, 201))
        self.messages.append(message)
        response = web.json_response(self._resource(message), status=201)
        await response.prepare(request)  # the 201 goes out before any callback can
        await response.write_eof()
        self._spawn(self._deliver(message, *fate))
        return response

    async def _get_media(self, request: web.Request) -> web.StreamResponse:
        form: MultiDict[str] = MultiDict()
        if self._offline:
            return self._drop(request, form)
        try:
            self._check_access(request)
            info = request.match_info
            location = self._cdn_location(info["message_sid"], info["media_sid"])
            if location is None:
                raise _not_found(request)
        except TwilioError as err:
            self.requests.append(ApiRequest("GET", request.path, form, err.status, err.code))
            return err.response()
        self.requests.append(ApiRequest("GET", request.path, form, 307))
        return web.Response(status=307, headers={"Location": location})

    async def _get_account(self, request: web.Request) -> web.Response:
        try:
            self._check_access(request)
        except TwilioError as err:
            return err.response()
        body = {"sid": self.account_sid, "status": self.account_status, "type": "Full"}
        return web.json_response(body)

    async def _list_numbers(self, request: web.Request) -> web.Response:
        """The account's own numbers (the sandbox's WhatsApp sender is not one of them)."""
        try:
            self._check_access(request)
        except TwilioError as err:
            return err.response()
        wanted = request.query.get("PhoneNumber")
        owned = [n for n in (self.sms_number, self.whatsapp_number) if wanted in (None, n)]
        page = [{"sid": new_sid("PN"), "phone_number": n} for n in owned]
        meta = {"page": 0, "page_size": 50, "key": "incoming_phone_numbers", "next_page_url": None}
        return web.json_response({"incoming_phone_numbers": page, "meta": meta} | meta)

    def _drop(self, request: web.Request, form: MultiDict[str]) -> web.Response:
        self.requests.append(ApiRequest(request.method, request.path, form, None))
        assert request.transport is not None
        request.transport.abort()
        return web.Response(status=503)  # never written: the connection is gone

    def _check_access(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != self._auth:
            raise TwilioError(401, 20003, "Authenticate")
        if request.match_info["account_sid"] != self.account_sid:
            raise _not_found(request)

    def _accept(self, form: MultiDict[str]) -> tuple[SentMessage, tuple[str, int | None]]:
        """Validate in Twilio's order; returns the message and its final status and error."""
        to, from_, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        media_urls, content_sid = form.getall("MediaUrl", []), form.get("ContentSid") or None
        if not to:
            raise TwilioError(400, 21604, "A 'To' phone number is required.")
        if not from_:
            raise TwilioError(400, 21603, "A 'From' phone number is required.")
        if to.startswith(WHATSAPP) != from_.startswith(WHATSAPP):
            reason = "Invalid From and To pair. From and To should be of the same channel"
            raise TwilioError(400, 21910, reason)
        if not _E164.fullmatch(bare(to)):
            raise TwilioError(400, 21211, f"Invalid 'To' Phone Number: {to}")
        if not (body or media_urls or content_sid):
            raise TwilioError(400, 21602, "Message body is required.")
        if len(body) > 1600:
            reason = "The concatenated message body exceeds the 1600 character limit."
            raise TwilioError(400, 21617, reason)
        variables = _content_variables(form.get("ContentVariables") or None)
        if not to.startswith(WHATSAPP) and (to, from_) in self._opted_out:
            raise TwilioError(400, 21610, "Attempt to send to unsubscribed recipient")
        now = self._clock().astimezone(UTC)
        message = SentMessage(
            new_sid("SM"), to, from_, body, media_urls, content_sid, variables,
            form.get("StatusCallback") or None, now.replace(microsecond=0),  # as RFC 2822 has it
        )  # fmt: skip
        # With a Body next to it Twilio ignores the template: the message is free-form
        fate = self._fate(to, from_, free_form=content_sid is None or bool(body), now=now)
        return message, fate

    def _resource(self, message: SentMessage) -> dict[str, Any]:
        uri = f"{_ACCOUNTS}/{self.account_sid}/Messages/{message.sid}"
        stamp = format_datetime(message.created)
        channel: Channel = "whatsapp" if message.to.startswith(WHATSAPP) else "sms"
        return {
            "account_sid": self.account_sid, "api_version": API_VERSION, "body": message.body,
            "date_created": stamp, "date_sent": None, "date_updated": stamp,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": message.from_, "messaging_service_sid": None,
            "num_media": str(len(message.media_urls)),
            "num_segments": str(num_segments(message.body, channel)), "price": None,
            "price_unit": "USD", "sid": message.sid, "status": "queued",
            "subresource_uris": {"media": f"{uri}/Media.json"}, "to": message.to,
            "uri": f"{uri}.json",
        }  # fmt: skip

    # -- Twilio -> app -----------------------------------------------------------------------
    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        self._tasks.append(asyncio.get_running_loop().create_task(work))

    async def _deliver(self, message: SentMessage, status: str, error_code: int | None) -> None:
        if message.media_urls and not await self._fetch_media(message):
            status, error_code = "failed", 11200
        for step in STATUS_PATHS[status]:
            await asyncio.sleep(self.status_delay)
            message.status = step
            message.error_code = error_code if step in ("failed", "undelivered") else None
            message.statuses.append(step)
            if message.status_callback is not None:
                await self._post_status(message, message.status_callback)

    async def _fetch_media(self, message: SentMessage) -> bool:
        """Fetch every MediaUrl like Twilio does before sending; False when one fails."""
        assert self._session is not None
        for url in message.media_urls:
            try:
                async with self._session.get(self._via_target(url)) as response:
                    if response.status != 200:
                        return False
                    content_type = response.headers.get("Content-Type", "")
                    message.fetched_media.append(
                        FetchedMedia(url, content_type, await response.read())
                    )
            except (aiohttp.ClientError, TimeoutError):
                return False
        return True

    async def _post_status(self, message: SentMessage, url: str) -> None:
        params = {
            "SmsSid": message.sid, "SmsStatus": message.status,
            "MessageStatus": message.status, "To": message.to, "MessageSid": message.sid,
            "AccountSid": self.account_sid, "From": message.from_, "ApiVersion": API_VERSION,
        }  # fmt: skip
        if message.to.startswith(WHATSAPP):
            params["ChannelPrefix"] = "whatsapp"
        if message.error_code is not None:
            params["ErrorCode"] = str(message.error_code)
            params["ErrorMessage"] = _ERROR_MESSAGES.get(message.error_code, "Unknown error")
        try:
            status, _, _ = await self._post(url, params, self._sign(url, params))
        except (aiohttp.ClientError, TimeoutError) as err:
            error = f"{type(err).__name__}: {err}"
            attempt = CallbackAttempt(message.sid, message.status, url, None, error)
        else:
            attempt = CallbackAttempt(message.sid, message.status, url, status)
        self.callbacks.append(attempt)


async def _form(request: web.Request) -> MultiDict[str]:
    return MultiDict((k, v) for k, v in (await request.post()).items() if isinstance(v, str))


def _not_found(request: web.Request) -> TwilioError:
    return TwilioError(404, 20404, f"The requested resource {request.path} was not found")


def _content_variables(raw: str | None) -> dict[str, str] | None:
    """ContentVariables must be a JSON object of strings, e.g. {"1": "Thandi"}."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TwilioError(400, 21656, "The ContentVariables Parameter is invalid.")
    return {str(k): str(v) for k, v in value.items()}
