"""The side of the Twilio stand-in facing customers' phones and the app's webhooks; `twilio_api`
builds FakeTwilio on it by adding the REST API.

Twilio keeps state per pair of (customer, Twilio number): SMS opt-outs from its default keyword
filtering, and the WhatsApp 24-hour customer-service window. Media a customer sends is hosted like
Twilio does it: the API URL needs Basic auth and redirects to a CDN on another origin (here a
second port) that needs none.
"""

from __future__ import annotations

import math
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import EllipsisType
from typing import Literal

import aiohttp
from aiohttp import web
from twilio.request_validator import RequestValidator
from yarl import URL

from tests.stubs.local_server import LocalServer

Channel = Literal["sms", "whatsapp"]
API_VERSION = "2010-04-01"
WHATSAPP = "whatsapp:"
WINDOW = timedelta(hours=24)
_WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=15)  # Twilio gives up on a webhook after 15 s
# The statuses a message passes through after "queued", by its final status.
STATUS_PATHS: dict[str, tuple[str, ...]] = {
    "sent": ("sent",),
    "delivered": ("sent", "delivered"),
    "read": ("sent", "delivered", "read"),
    "undelivered": ("sent", "undelivered"),
    "failed": ("failed",),
}
UNKNOWN_ERROR = 30008
_OPT_OUT = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
)
_OPT_IN = frozenset({"START", "YES", "UNSTOP"})
_HELP = frozenset({"HELP", "INFO"})
_UNSUBSCRIBED = (
    "You have successfully been unsubscribed. You will not receive any more messages from this "
    "number. Reply START to resubscribe."
)
_RESUBSCRIBED = (
    "You have successfully been re-subscribed to messages from this number. Reply HELP for help. "
    "Reply STOP to unsubscribe. Msg&Data Rates May Apply."
)
_HELP_TEXT = "Reply STOP to unsubscribe. Msg&Data Rates May Apply."
_GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")  # each takes two septets (escape + character)


def new_sid(prefix: str) -> str:
    """Twilio's identifiers: a two-letter type prefix and 32 hex digits."""
    return prefix + uuid.uuid4().hex


def bare(address: str) -> str:
    return address.removeprefix(WHATSAPP)


def channel_address(number: str, channel: Channel) -> str:
    """`+27…` on SMS, `whatsapp:+27…` on WhatsApp, whichever form `number` came in."""
    return WHATSAPP + bare(number) if channel == "whatsapp" else bare(number)


def num_segments(body: str, channel: Channel) -> int:
    """SMS segments: GSM-7 fits 160 septets (153 per part when split), else UCS-2 70 (67)."""
    if channel == "whatsapp":
        return 1
    if all(c in _GSM7 or c in _GSM7_EXTENDED for c in body):
        units, single, part = sum(2 if c in _GSM7_EXTENDED else 1 for c in body), 160, 153
    else:
        units, single, part = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else math.ceil(units / part)


def inbound_params(
    account_sid: str,
    message_sid: str,
    from_: str,
    to: str,
    body: str,
    media: list[tuple[str, str]],
    profile_name: str,
) -> dict[str, str]:
    """The form Twilio posts to the incoming-message webhook, in Twilio's order. `media` holds
    (MediaUrl, content type) pairs; SMS carries the countries, WhatsApp the sender's profile."""
    channel: Channel = "whatsapp" if from_.startswith(WHATSAPP) else "sms"
    params = {"SmsMessageSid": message_sid, "NumMedia": str(len(media))}
    if channel == "whatsapp":
        params |= {"ProfileName": profile_name, "MessageType": _message_type(media)}
        params["WaId"] = bare(from_).lstrip("+")
    else:
        params["ToCountry"] = "ZA"
    params |= {"SmsSid": message_sid, "SmsStatus": "received", "Body": body, "To": to}
    if channel == "sms":
        params["FromCountry"] = "ZA"
    params |= {
        "NumSegments": str(num_segments(body, channel)), "MessageSid": message_sid,
        "AccountSid": account_sid, "From": from_, "ApiVersion": API_VERSION,
    }  # fmt: skip
    for index, (url, content_type) in enumerate(media):
        params[f"MediaContentType{index}"] = content_type
        params[f"MediaUrl{index}"] = url
    return params


def _message_type(media: list[tuple[str, str]]) -> str:
    if not media:
        return "text"
    kind = media[0][1].split("/", 1)[0]
    return kind if kind in ("image", "video", "audio") else "document"


@dataclass(frozen=True)
class AutoReply:
    """A reply Twilio itself sent to a handset (opt-out keywords), never seen by the app."""

    to: str
    from_: str
    body: str


@dataclass(frozen=True)
class InboundResult:
    """The app's answer to an inbound post, and what was posted (for `FakeTwilio.repost`)."""

    status: int
    text: str
    content_type: str
    params: dict[str, str]
    url: str  # the public URL the signature covers
    signature: str | None


@dataclass(frozen=True)
class _HostedMedia:
    message_sid: str
    data: bytes
    content_type: str
    token: str


class PhoneNetwork:
    """Twilio's side facing the customers' phones and the app's webhooks (FakeTwilio adds the
    REST API): who opted out, WhatsApp windows, programmed outcomes, inbound media on the CDN.

    Twilio reaches the app at `public_base_url`; set `webhook_target` to the app's real origin and
    requests for the public origin go there with the same path and query, still signed over the
    public URL, as behind a TLS-terminating proxy.
    """

    def __init__(self, account_sid: str, auth_token: str, clock: Callable[[], datetime]) -> None:
        self.account_sid, self.auth_token = account_sid, auth_token
        self.public_base_url = "https://burbgigz.test"
        self.webhook_target: str | None = None
        self.inbound_path = "/twilio/inbound"
        self.sms_number, self.whatsapp_number = "+27875550100", "+27875550101"
        self.auto_replies: list[AutoReply] = []  # Twilio's own replies, never seen by the app
        self.cdn_saw_credentials = False  # did a request for inbound media on the CDN carry any?
        self._clock = clock
        self._opted_out: set[tuple[str, str]] = set()  # (handset, Twilio number)
        self._last_inbound: dict[tuple[str, str], datetime] = {}  # WhatsApp addresses, likewise
        self._outcomes: dict[str, tuple[str, int | None]] = {}
        self._hosted: dict[str, _HostedMedia] = {}
        self._session: aiohttp.ClientSession | None = None
        self._cdn = LocalServer()
        self._cdn_port = 0
        self._port = 0  # the REST API's, set by FakeTwilio.start

    @property
    def base_url(self) -> str:
        """The REST API's origin; inbound MediaUrls point at it too."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def media_hosts(self) -> tuple[str, ...]:
        """Where its inbound media live (the REST API, then the CDN it redirects to): the
        app's TWILIO_MEDIA_HOSTS must name both, as it names Twilio's own in production."""
        return (f"127.0.0.1:{self._port}", f"127.0.0.1:{self._cdn_port}")

    async def _start_network(self) -> None:
        app = web.Application()
        app.router.add_get("/cdn/{media_sid}", self._serve_cdn)
        self._cdn_port = await self._cdn.start(app)
        self._session = aiohttp.ClientSession(timeout=_WEBHOOK_TIMEOUT)

    async def _stop_network(self) -> None:
        if self._session is not None:
            await self._session.close()
        await self._cdn.stop()

    # -- customers writing in --------------------------------------------------------------
    async def send_inbound(
        self,
        from_: str,
        body: str = "",
        *,
        channel: Channel = "sms",
        to: str | None = None,
        media: Sequence[tuple[bytes, str]] = (),
        profile_name: str = "",
        signature: str | EllipsisType | None = ...,
        params_override: Mapping[str, str | None] | None = None,
    ) -> InboundResult:
        """A customer texts the app: post Twilio's form to the inbound webhook. `media` holds
        (bytes, content type) items; `signature` None sends no header, a string sends that one;
        `params_override` changes (None: removes) parameters before signing."""
        sender = channel_address(from_, channel)
        number = self.whatsapp_number if channel == "whatsapp" else self.sms_number
        recipient = channel_address(to or number, channel)
        message_sid = new_sid("MM" if media else "SM")
        urls = [(self._host(message_sid, data, kind), kind) for data, kind in media]
        params = inbound_params(
            self.account_sid, message_sid, sender, recipient, body, urls, profile_name
        )
        for key, value in (params_override or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        self._receive(sender, recipient, body)
        url = self.public_base_url.rstrip("/") + self.inbound_path
        if isinstance(signature, EllipsisType):
            signature = self._sign(url, params)
        return await self._post_inbound(url, params, signature)

    async def repost(self, result: InboundResult) -> InboundResult:
        """Post an inbound message again, same MessageSid and signature: a duplicate delivery."""
        return await self._post_inbound(result.url, result.params, result.signature)

    def _receive(self, from_: str, to: str, body: str) -> None:
        """Note what Twilio notes when a handset writes: the WhatsApp window opens (or restarts);
        on SMS a lone opt-out/opt-in/help keyword changes the subscription and gets a reply."""
        if from_.startswith(WHATSAPP):
            self._last_inbound[(from_, to)] = self._clock()
            return
        word = body.strip().upper()
        if word in _OPT_OUT:
            self._opted_out.add((from_, to))
            self.auto_replies.append(AutoReply(from_, to, _UNSUBSCRIBED))
        elif word in _OPT_IN:
            self._opted_out.discard((from_, to))
            self.auto_replies.append(AutoReply(from_, to, _RESUBSCRIBED))
        elif word in _HELP:
            self.auto_replies.append(AutoReply(from_, to, _HELP_TEXT))

    async def _post_inbound(
        self, url: str, params: dict[str, str], signature: str | None
    ) -> InboundResult:
        status, text, content_type = await self._post(url, params, signature)
        return InboundResult(status, text, content_type, params, url, signature)

    # -- what becomes of outbound messages -------------------------------------------------
    def set_outcome(self, to: str, status: str, error_code: int | None = None) -> None:
        """Later messages to `to` end in `status` (failed/undelivered default to error 30008)."""
        if status not in STATUS_PATHS:
            raise ValueError(f"final status must be one of {sorted(STATUS_PATHS)}, not {status!r}")
        failing = status in ("failed", "undelivered")
        self._outcomes[to] = (status, (error_code or UNKNOWN_ERROR) if failing else None)

    def clear_outcome(self, to: str) -> None:
        self._outcomes.pop(to, None)

    def _fate(
        self, to: str, from_: str, *, free_form: bool, now: datetime
    ) -> tuple[str, int | None]:
        """Final status and error code of a message accepted `now`."""
        if to.startswith(WHATSAPP) and free_form:
            last = self._last_inbound.get((to, from_))
            if last is None or now - last > WINDOW:
                return "failed", 63016
        return self._outcomes.get(to, ("delivered", None))

    # -- inbound media ---------------------------------------------------------------------
    def _host(self, message_sid: str, data: bytes, content_type: str) -> str:
        """Keep a handset's media; returns its MediaUrl (the REST API's, behind Basic auth)."""
        media_sid = new_sid("ME")
        token = secrets.token_urlsafe(16)
        self._hosted[media_sid] = _HostedMedia(message_sid, data, content_type, token)
        path = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{message_sid}"
        return f"{self.base_url}{path}/Media/{media_sid}"

    def _cdn_location(self, message_sid: str, media_sid: str) -> str | None:
        """Where a MediaUrl redirects: a link on another origin that carries its own token, so
        HTTP clients drop the credentials on the way (as with Twilio's redirect to its CDN)."""
        media = self._hosted.get(media_sid)
        if media is None or media.message_sid != message_sid:
            return None
        return f"http://127.0.0.1:{self._cdn_port}/cdn/{media_sid}?token={media.token}"

    async def _serve_cdn(self, request: web.Request) -> web.Response:
        if "Authorization" in request.headers:
            self.cdn_saw_credentials = True
        media = self._hosted.get(request.match_info["media_sid"])
        if media is None or request.query.get("token") != media.token:
            return web.Response(status=403, text="AccessDenied")
        return web.Response(body=media.data, headers={"Content-Type": media.content_type})

    # -- reaching the app ------------------------------------------------------------------
    async def _post(
        self, url: str, params: Mapping[str, str], signature: str | None
    ) -> tuple[int, str, str]:
        assert self._session is not None
        headers = {"User-Agent": "TwilioProxy/1.1"}
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        target = self._via_target(url)
        async with self._session.post(target, data=dict(params), headers=headers) as response:
            return response.status, await response.text(), response.content_type

    def _sign(self, url: str, params: Mapping[str, str]) -> str:
        return str(RequestValidator(self.auth_token).compute_signature(url, params))

    def _via_target(self, url: str) -> str:
        """A URL on the public origin, rewritten to `webhook_target`, path and query untouched."""
        parsed = URL(url, encoded=True)
        public = URL(self.public_base_url, encoded=True).origin()
        if self.webhook_target is None or parsed.origin() != public:
            return url
        return self.webhook_target.rstrip("/") + parsed.raw_path_qs
