"""The Twilio stand-in, driven by the real twilio client (and by aiohttp for media)."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from multidict import MultiDict
from pytest_aiohttp import AiohttpServer
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from yarl import URL

from tests.stubs.twilio_api import FakeTwilio, FetchedMedia
from tests.stubs.twilio_phone import AutoReply

# aiohttp 3.14 deprecates BasicAuth and `auth=`, which twilio 9.13's async client still uses
_AIOHTTP_AUTH_DEPRECATIONS = (
    "ignore:BasicAuth is deprecated:DeprecationWarning",
    "ignore:The 'auth' parameter is deprecated:DeprecationWarning",
)
pytestmark = pytest.mark.filterwarnings(*(f"{rule}:twilio" for rule in _AIOHTTP_AUTH_DEPRECATIONS))

HANDSET = "+27825550123"
WA_HANDSET = "whatsapp:" + HANDSET
STATUS_URL = "https://burbgigz.test/twilio/status?outbox=7&kind=reply"
TEMPLATE = "HX" + "0" * 32
PDF = b"%PDF-1.7 quote"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Clock:
    """A settable UTC clock for the WhatsApp window."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Post:
    path_qs: str
    form: MultiDict[str]
    signature: str | None


@dataclass
class App:
    """Our stand-in for the app's webhooks: records posts, serves /media/quote.pdf."""

    origin: str
    posts: list[Post] = field(default_factory=list)

    def at(self, path: str) -> list[Post]:
        return [p for p in self.posts if p.path_qs.split("?")[0] == path]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def twilio(clock: Clock) -> AsyncIterator[FakeTwilio]:
    async with FakeTwilio(clock=clock) as stub:
        stub.status_delay = 0
        yield stub


@pytest.fixture
async def client(twilio: FakeTwilio) -> AsyncIterator[Any]:
    http = AsyncTwilioHttpClient()
    client = Client(twilio.account_sid, twilio.auth_token, http_client=http)
    client.api.base_url = twilio.base_url
    yield client
    await http.close()


@pytest.fixture
async def app(twilio: FakeTwilio, aiohttp_server: AiohttpServer) -> App:
    recorded: list[Post] = []

    async def record(request: web.Request) -> web.Response:
        form = MultiDict((k, v) for k, v in (await request.post()).items() if isinstance(v, str))
        recorded.append(Post(request.path_qs, form, request.headers.get("X-Twilio-Signature")))
        if request.path == twilio.inbound_path:
            return web.Response(text="<Response/>", content_type="text/xml")
        return web.Response()

    async def media(request: web.Request) -> web.Response:
        if request.match_info["name"] != "quote.pdf":
            raise web.HTTPNotFound
        return web.Response(body=PDF, content_type="application/pdf")

    web_app = web.Application()
    web_app.router.add_post("/twilio/{kind}", record)
    web_app.router.add_get("/media/{name}", media)
    server = await aiohttp_server(web_app)
    origin = str(server.make_url("")).rstrip("/")
    twilio.webhook_target = origin
    return App(origin, recorded)


def _valid(twilio: FakeTwilio, post: Post) -> bool:
    url = twilio.public_base_url + post.path_qs
    return bool(RequestValidator(twilio.auth_token).validate(url, post.form, post.signature))


# -- REST API --------------------------------------------------------------------------------
async def test_a_created_message_parses_as_queued(twilio: FakeTwilio, client: Any) -> None:
    message = await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, body="Your booking is confirmed"
    )

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.direction, message.num_segments) == (
        "queued", "outbound-api", "1",
    )  # fmt: skip
    assert message.date_created == twilio.messages[0].created and message.date_sent is None
    assert message.error_code is None and message.price_unit == "USD"
    assert message.uri == f"/2010-04-01/Accounts/{twilio.account_sid}/Messages/{message.sid}.json"
    sent = twilio.messages_to(HANDSET)
    assert [(m.sid, m.from_, m.body) for m in sent] == [
        (message.sid, twilio.sms_number, "Your booking is confirmed")
    ]
    assert twilio.requests[0].status == 201


@pytest.mark.parametrize(
    ("body", "segments"),
    [("a" * 160, "1"), ("a" * 161, "2"), ("{" * 81, "2"), ("ć" * 70, "1"), ("ć" * 71, "2")],
)
async def test_num_segments_follow_gsm7_and_ucs2(
    twilio: FakeTwilio, client: Any, body: str, segments: str
) -> None:
    message = await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body=body)
    assert message.num_segments == segments


async def test_a_wrong_auth_token_is_refused_with_20003(twilio: FakeTwilio) -> None:
    async with AsyncTwilioHttpClient() as http:
        client = Client(twilio.account_sid, "not-the-token", http_client=http)
        client.api.base_url = twilio.base_url
        with pytest.raises(TwilioRestException) as refused:
            await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
    assert (refused.value.status, refused.value.code) == (401, 20003)
    assert (twilio.messages, twilio.requests[0].status) == ([], 401)


async def test_another_account_in_the_path_is_not_found(twilio: FakeTwilio, client: Any) -> None:
    other = client.api.v2010.accounts("AC" + "f" * 32)
    with pytest.raises(TwilioRestException) as refused:
        await other.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
    assert (refused.value.status, refused.value.code) == (404, 20404)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"to": "", "body": "Hi"}, 21604),
        ({"from_": None, "body": "Hi"}, 21603),
        ({}, 21602),
        ({"body": "x" * 1601}, 21617),
        ({"from_": "whatsapp:+27875550101", "body": "Hi"}, 21910),
        ({"to": "0825550123", "body": "Hi"}, 21211),
        ({"content_sid": TEMPLATE, "content_variables": "[1]"}, 21656),
        ({"content_sid": TEMPLATE, "content_variables": '{"1": 2}'}, 21656),
    ],
)
async def test_invalid_messages_are_refused_like_twilio(
    twilio: FakeTwilio, client: Any, fields: dict[str, Any], code: int
) -> None:
    arguments = {"to": HANDSET, "from_": twilio.sms_number} | fields
    with pytest.raises(TwilioRestException) as refused:
        await client.messages.create_async(**{k: v for k, v in arguments.items() if v is not None})
    assert (refused.value.status, refused.value.code) == (400, code)
    assert twilio.messages == [] and twilio.requests[0].code == code


async def test_fail_next_refuses_the_next_calls_then_recovers(
    twilio: FakeTwilio, client: Any
) -> None:
    twilio.fail_next(429, 20429, "Too Many Requests")
    twilio.fail_next(503, 20503, times=2)
    codes = []
    for _ in range(3):
        with pytest.raises(TwilioRestException) as refused:
            await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
        codes.append((refused.value.status, refused.value.code, refused.value.msg))
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")

    assert codes == [
        (429, 20429, "Unable to create record: Too Many Requests"),
        (503, 20503, "Unable to create record: Service Unavailable"),
        (503, 20503, "Unable to create record: Service Unavailable"),
    ]
    assert [r.status for r in twilio.requests] == [429, 503, 503, 201]
    assert len(twilio.messages) == 1


async def test_offline_drops_the_connection(twilio: FakeTwilio, client: Any) -> None:
    twilio.set_offline()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
    twilio.set_offline(False)
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
    assert [r.status for r in twilio.requests] == [None, 201]


# -- status callbacks ------------------------------------------------------------------------
async def test_status_callbacks_reach_the_app_signed_over_the_public_url(
    twilio: FakeTwilio, client: Any, app: App
) -> None:
    message = await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, body="On our way", status_callback=STATUS_URL
    )
    delivered = await twilio.wait_for(lambda m: m.status == "delivered")
    await twilio.settled()

    assert [m.sid for m in delivered] == [message.sid]
    posts = app.at("/twilio/status")
    assert [p.form["MessageStatus"] for p in posts] == ["sent", "delivered"]
    assert all(p.path_qs == "/twilio/status?outbox=7&kind=reply" for p in posts)
    assert all(_valid(twilio, p) for p in posts)
    assert dict(posts[1].form) == {
        "SmsSid": message.sid, "SmsStatus": "delivered", "MessageStatus": "delivered",
        "To": HANDSET, "MessageSid": message.sid, "AccountSid": twilio.account_sid,
        "From": twilio.sms_number, "ApiVersion": "2010-04-01",
    }  # fmt: skip
    assert [(c.message_status, c.response_status) for c in twilio.callbacks] == [
        ("sent", 200), ("delivered", 200),
    ]  # fmt: skip


async def test_a_programmed_outcome_ends_in_that_status(
    twilio: FakeTwilio, client: Any, app: App
) -> None:
    twilio.set_outcome(HANDSET, "undelivered", 30003)
    await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, body="Hi", status_callback=STATUS_URL
    )
    await twilio.settled()
    twilio.clear_outcome(HANDSET)
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Hi")
    await twilio.settled()

    first, second = twilio.messages
    assert (first.statuses, first.error_code) == (["sent", "undelivered"], 30003)
    assert (second.statuses, second.error_code) == (["sent", "delivered"], None)
    last = app.at("/twilio/status")[-1]
    assert (last.form["ErrorCode"], last.form["ErrorMessage"]) == (
        "30003", "Unreachable destination handset",
    )  # fmt: skip
    with pytest.raises(ValueError, match="final status"):
        twilio.set_outcome(HANDSET, "queued")


async def test_callbacks_to_an_app_that_is_down_are_recorded(
    twilio: FakeTwilio, client: Any
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        twilio.webhook_target = f"http://127.0.0.1:{probe.getsockname()[1]}"
    await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, body="Hi", status_callback=STATUS_URL
    )
    await twilio.settled()

    assert twilio.messages[0].statuses == ["sent", "delivered"]
    assert [c.response_status for c in twilio.callbacks] == [None, None]
    assert all(c.error.startswith("ClientConnectorError: Cannot connect") for c in twilio.callbacks)


async def test_the_whatsapp_window_allows_free_form_only_within_24_hours(
    twilio: FakeTwilio, client: Any, app: App, clock: Clock
) -> None:
    ours = "whatsapp:" + twilio.whatsapp_number

    async def send(**fields: str) -> str:
        message = await client.messages.create_async(
            to=WA_HANDSET, from_=ours, status_callback=STATUS_URL, **fields
        )
        assert message.status == "queued"  # the window is enforced after acceptance
        return str(message.sid)

    variables = json.dumps({"1": "Thandi"})
    never_wrote = await send(body="Hi Thandi")
    template = await send(content_sid=TEMPLATE, content_variables=variables)
    await twilio.send_inbound(HANDSET, "Hi, is Saturday free?", channel="whatsapp")
    clock.now += timedelta(hours=24)
    at_24_hours = await send(body="Yes, 10:00 works")
    clock.now += timedelta(seconds=1)
    too_late = await send(body="Reminder")
    template_with_body = await send(content_sid=TEMPLATE, body="Reminder")
    await twilio.settled()

    outcome = {m.sid: (m.statuses[-1], m.error_code) for m in twilio.messages}
    assert outcome == {
        never_wrote: ("failed", 63016), template: ("delivered", None),
        at_24_hours: ("delivered", None), too_late: ("failed", 63016),
        template_with_body: ("failed", 63016),
    }  # fmt: skip
    assert twilio.messages[1].content_variables == {"1": "Thandi"}
    failed = app.at("/twilio/status")[0].form
    assert (failed["MessageStatus"], failed["ErrorCode"], failed["ChannelPrefix"]) == (
        "failed", "63016", "whatsapp",
    )  # fmt: skip


async def test_outbound_media_is_fetched_through_the_webhook_target(
    twilio: FakeTwilio, client: Any, app: App
) -> None:
    quote = "https://burbgigz.test/media/quote.pdf"
    await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, body="Your quote", media_url=[quote]
    )
    await client.messages.create_async(
        to=HANDSET, from_=twilio.sms_number, media_url=["https://burbgigz.test/media/gone.pdf"]
    )
    await twilio.settled()

    fetched, missing = twilio.messages
    assert fetched.fetched_media == [FetchedMedia(quote, "application/pdf", PDF)]
    assert fetched.statuses == ["sent", "delivered"]
    assert (missing.statuses, missing.error_code, missing.fetched_media) == (["failed"], 11200, [])


async def test_wait_for_explains_what_arrived_when_it_times_out(
    twilio: FakeTwilio, client: Any
) -> None:
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Only one")
    with pytest.raises(AssertionError, match=r"expected 2 message\(s\)") as timed_out:
        await twilio.wait_for(2, timeout=0.1)
    assert f"To={HANDSET} 'Only one'" in str(timed_out.value)


# -- the handset side ------------------------------------------------------------------------
async def test_inbound_sms_is_signed_and_can_be_posted_again(twilio: FakeTwilio, app: App) -> None:
    result = await twilio.send_inbound(HANDSET, "Book a plumber")
    again = await twilio.repost(result)
    await twilio.send_inbound(HANDSET, "forged", signature="not-a-signature")
    await twilio.send_inbound(HANDSET, "unsigned", signature=None)

    assert (result.status, result.text, result.content_type) == (200, "<Response/>", "text/xml")
    assert again.status == 200
    first, repeated, forged, unsigned = app.at("/twilio/inbound")
    assert first.form == repeated.form and dict(first.form) == result.params
    assert (_valid(twilio, first), _valid(twilio, repeated)) == (True, True)
    assert (_valid(twilio, forged), unsigned.signature) == (False, None)
    params = result.params
    assert params["MessageSid"].startswith("SM") and params["SmsSid"] == params["MessageSid"]
    assert (params["From"], params["To"], params["Body"]) == (
        HANDSET, twilio.sms_number, "Book a plumber",
    )  # fmt: skip
    assert (params["NumMedia"], params["NumSegments"], params["SmsStatus"]) == (
        "0",
        "1",
        "received",
    )
    assert (params["FromCountry"], params["ToCountry"]) == ("ZA", "ZA")


async def test_inbound_whatsapp_carries_the_profile(twilio: FakeTwilio, app: App) -> None:
    result = await twilio.send_inbound(
        HANDSET, "Hi", channel="whatsapp", profile_name="Thandi", params_override={"Body": None}
    )
    params = dict(app.posts[0].form)
    assert params == result.params and _valid(twilio, app.posts[0])
    assert (params["From"], params["To"]) == (WA_HANDSET, "whatsapp:" + twilio.whatsapp_number)
    assert (params["WaId"], params["ProfileName"], params["MessageType"]) == (
        "27825550123", "Thandi", "text",
    )  # fmt: skip
    assert "Body" not in params and "FromCountry" not in params


async def test_stop_opts_the_handset_out_until_start(
    twilio: FakeTwilio, client: Any, app: App
) -> None:
    await twilio.send_inbound(HANDSET, "stop sending me reminders")  # not a lone keyword
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Reminder")
    await twilio.send_inbound(HANDSET, " Stop ")
    with pytest.raises(TwilioRestException) as refused:
        await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Reminder")
    await client.messages.create_async(to=HANDSET, from_="+27875550199", body="Other number")
    await twilio.send_inbound(HANDSET, "STOP", channel="whatsapp")  # no keywords on WhatsApp
    await twilio.send_inbound(HANDSET, "start")
    await client.messages.create_async(to=HANDSET, from_=twilio.sms_number, body="Welcome back")
    await twilio.send_inbound(HANDSET, "Help")

    assert (refused.value.status, refused.value.code) == (400, 21610)
    assert refused.value.msg.endswith(": Attempt to send to unsubscribed recipient")
    assert len(app.at("/twilio/inbound")) == 5  # Twilio still posts keywords to the app
    assert [(r.to, r.from_, r.body.split(".")[0]) for r in twilio.auto_replies] == [
        (HANDSET, twilio.sms_number, "You have successfully been unsubscribed"),
        (
            HANDSET,
            twilio.sms_number,
            "You have successfully been re-subscribed to messages from this number",
        ),
        (HANDSET, twilio.sms_number, "Reply STOP to unsubscribe"),
    ]
    assert all(isinstance(r, AutoReply) for r in twilio.auto_replies)
    assert [m.body for m in twilio.messages] == ["Reminder", "Other number", "Welcome back"]


@pytest.mark.parametrize(
    "credentials",
    [
        "header",
        pytest.param("auth", marks=pytest.mark.filterwarnings(*_AIOHTTP_AUTH_DEPRECATIONS)),
    ],
)
async def test_inbound_media_needs_basic_auth_and_redirects_to_a_cdn(
    twilio: FakeTwilio, app: App, credentials: str
) -> None:
    result = await twilio.send_inbound(
        HANDSET, "Leak", media=[(PNG, "image/png"), (PDF, "application/pdf")]
    )
    params = result.params
    assert params["MessageSid"].startswith("MM") and params["NumMedia"] == "2"
    assert (params["MediaContentType0"], params["MediaContentType1"]) == (
        "image/png", "application/pdf",
    )  # fmt: skip
    basic = aiohttp.encode_basic_auth(twilio.account_sid, twilio.auth_token)
    options: dict[str, Any] = (
        {"headers": {"Authorization": basic}}
        if credentials == "header"
        else {"auth": aiohttp.BasicAuth(twilio.account_sid, twilio.auth_token)}
    )

    async with aiohttp.ClientSession() as session:
        async with session.get(params["MediaUrl0"]) as anonymous:
            refused = (anonymous.status, (await anonymous.json())["code"])
        async with session.get(params["MediaUrl0"], **options) as image:
            body, history = await image.read(), [r.status for r in image.history]
            cdn, headers = image.url, image.headers
        assert not twilio.cdn_saw_credentials  # aiohttp dropped them on the cross-origin hop
        async with session.get(cdn, headers={"Authorization": basic}) as leaked:
            assert leaked.status == 200

    assert refused == (401, 20003)
    assert (body, history) == (PNG, [307])
    assert cdn.port != URL(twilio.base_url).port and cdn.path.startswith("/cdn/ME")
    assert (headers["Content-Type"], headers["Content-Length"]) == ("image/png", str(len(PNG)))
    assert twilio.cdn_saw_credentials  # the flag does catch a client that sends them
