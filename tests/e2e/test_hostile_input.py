"""Hostile input on every route that takes any, on both databases: each case is answered with
a clear 4xx (or, on a platform's webhook, a 2xx that keeps a cleaned message, so the platform
does not send it again for ever), /healthz stays 200, nothing is kept from a refused request,
and a legitimate message right after is answered exactly once. One app per database serves
every case (tests/support/hostile.py)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.app import build_app
from bot.business import load_business
from tests.stubs import databases
from tests.stubs.service_process import free_port
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import callback_update, message_update, photo_update
from tests.stubs.twilio_api import FakeTwilio
from tests.support.hostile import (
    CHAT,
    PHONE,
    Case,
    Hostile,
    MediaTrap,
    address_of,
    check,
    raw_request,
    sign_in,
    sms_menu,
    sms_params,
    telegram_menu,
    web_menu,
)
from tests.support.images import picture
from tests.support.twilio_service import twilio_settings
from tests.support.web_service import ADMIN_TOKEN, WebChat

pytestmark = pytest.mark.asyncio(loop_scope="module")
Logs = pytest.LogCaptureFixture
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

NESTED = b"[" * 100_000 + b"]" * 100_000
NOT_GZIP = [(b"Content-Encoding", b"gzip")]
BIG = b"x" * (1024 * 1024 + 10)
FORM = [(b"Content-Type", b"application/x-www-form-urlencoded")]
NOT_ASCII = "ключ-\u00e9".encode()


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        yield databases.copy_sqlite(template, tmp_path_factory.mktemp("hostile") / "db.sqlite3")
        return
    name = databases.create_postgres_database(template=request.getfixturevalue("postgres_template"))
    yield databases.postgres_url(name)
    databases.drop_postgres_database(name)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def hostile(
    hostile_database: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Hostile]:
    async with AsyncExitStack() as stack:
        twilio = await stack.enter_async_context(FakeTwilio())
        telegram = await stack.enter_async_context(FakeBotApi())
        trap = MediaTrap()
        await trap.start()
        stack.push_async_callback(trap.stop)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        files: Path = tmp_path_factory.mktemp("hostile-files")
        settings = twilio_settings(
            twilio,
            telegram,
            hostile_database,
            files,
            public_base_url=url,
            admin_token=ADMIN_TOKEN,
            request_body_seconds=1.0,
            twilio_media_hosts=(*twilio.media_hosts, f"127.0.0.1:{trap.port}"),
        )
        twilio.public_base_url = twilio.webhook_target = url
        server = TestServer(build_app(settings, load_business(None)), port=port)
        await server.start_server()
        stack.push_async_callback(server.close)
        visitor = aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True))
        stack.push_async_callback(visitor.close)
        page = await (await visitor.get("/")).text()
        chat = await WebChat(visitor, url).open()
        stack.push_async_callback(chat.close)
        console, console_csrf = await sign_in(url)
        stack.push_async_callback(console.close)
        console_chat = await WebChat(console, url, path="/admin/ws").open()
        stack.push_async_callback(console_chat.close)
        hostile = Hostile(
            server, twilio, telegram, trap, url, visitor, chat, _csrf(page), console,
            console_chat, console_csrf,
        )  # fmt: skip
        hostile.extra["address"] = _address(visitor)
        telegram.add_file("photo-1", picture("PNG", (60, 40)))
        for first in (telegram_menu, sms_menu, web_menu):  # each customer has said hello
            await first(hostile)
        await hostile.settled()
        yield hostile


def _csrf(html: str) -> str:
    return html.split('data-csrf="', 1)[1].split('"', 1)[0]


def _address(visitor: aiohttp.ClientSession) -> str:
    [cookie] = [c for c in visitor.cookie_jar if c.key == "bg_chat"]
    payload = cookie.value.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["s"])


# -- Telegram: POST /telegram/webhook ---------------------------------------------------------
def _update(**message: Any) -> dict[str, Any]:
    update = message_update(CHAT, "hello")
    update["message"] |= message
    return update


def _without(key: str) -> dict[str, Any]:
    update = message_update(CHAT, "hello")
    del update["message"][key]
    return update


def _named(name: str) -> dict[str, Any]:
    return message_update(CHAT, "hi", first_name=name, last_name=name)


TELEGRAM = [
    Case("undecodable secret", lambda h: h.send_update_raw(b"{}", secret=b"\xff\xfe\x80"), 403),
    Case("non-ascii secret", lambda h: h.send_update_raw(b"{}", secret=NOT_ASCII), 403),
    Case("deep nesting", lambda h: h.send_update_raw(NESTED), 400),
    Case("claims gzip", lambda h: h.send_update_raw(b'{"a": 1}', headers=NOT_GZIP), 400),
    Case("not utf-8", lambda h: h.send_update_raw(b'{"update_id": "\xff"}'), 400),
    Case("not json", lambda h: h.send_update_raw(b"update"), 400),
    Case("too large", lambda h: h.send_update_raw(BIG), 413),
    Case("message without chat", lambda h: h.send_update(_without("chat")), 400),
    Case("date too large", lambda h: h.send_update(_update(date=10**20)), 400),
    Case("text a number", lambda h: h.send_update(_update(text=42)), 400),
    Case("text a list", lambda h: h.send_update(_update(text=["a"])), 400),
    Case(
        "chat id not a number",
        lambda h: h.send_update(_update(chat={"id": "x", "type": "private"})),
        400,
    ),
    Case("callback data a number", lambda h: h.send_update(_callback(7)), 400),
    Case("callback data a list", lambda h: h.send_update(_callback(["menu"])), 400),
    Case(
        "nul in text",
        lambda h: h.send_update(message_update(CHAT, "hel\x00lo")),
        200,
        kept=True,
        answered=True,
    ),
    Case(
        "lone surrogate in text",
        lambda h: h.send_update(message_update(CHAT, "a\ud800b")),
        200,
        kept=True,
        answered=True,
    ),
    Case(
        "nul and surrogate in name", lambda h: h.send_update(_named("T\x00h\udc00")), 200, kept=True
    ),
    Case("5,000-character name", lambda h: h.send_update(_named("N" * 5000)), 200, kept=True),
    Case(
        "nul in a caption",
        lambda h: h.send_update(photo_update(CHAT, "photo-1", caption="c\x00d")),
        200,
        kept=True,
    ),
]


def _callback(data: object) -> dict[str, Any]:
    update = callback_update(CHAT, "menu", message_id=1)
    update["callback_query"]["data"] = data
    return update


@pytest.mark.parametrize("case", TELEGRAM, ids=lambda c: c.name)
async def test_telegram_webhook(
    hostile: Hostile, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    await check(hostile, case, telegram_menu, caplog)


async def _slow(hostile: Hostile, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """A body that claims 100 bytes and sends 10: the app gives up on it (408)."""
    return await raw_request(hostile.port, "POST", path, headers, b"0123456789", length=100)


SLOW = [
    Case(
        "telegram",
        lambda h: _slow(h, "/telegram/webhook", [(b"Content-Type", b"application/json")]),
        408,
    ),
    Case(
        "twilio", lambda h: _slow(h, "/twilio/inbound", [(b"X-Twilio-Signature", b"x"), *FORM]), 408
    ),
    Case(
        "sign-in",
        lambda h: _slow(h, "/admin/sign-in", [(b"Origin", h.public_url.encode()), *FORM]),
        408,
    ),
    Case("upload", lambda h: _slow(h, "/upload", _upload_headers(h, b"zz")), 408),
]


@pytest.mark.parametrize("case", SLOW, ids=lambda c: c.name)
async def test_slow_bodies(hostile: Hostile, case: Case, caplog: Logs) -> None:
    await check(hostile, case, telegram_menu, caplog)


# -- SMS and WhatsApp: POST /twilio/inbound and /twilio/status ------------------------------
def _inbound(**params: str) -> Any:
    return lambda h: h.twilio_post("/twilio/inbound", sms_params(**params))


def _media(url: str) -> Any:
    return _inbound(NumMedia="1", MediaUrl0=url, MediaContentType0="image/png", Body="")


def _raw_twilio(body: bytes, content_type: bytes) -> Any:
    headers = [(b"X-Twilio-Signature", b"forged"), (b"Content-Type", content_type)]
    return lambda h: raw_request(h.port, "POST", "/twilio/inbound", headers, body)


def _status(outbox: str) -> Any:
    path = f"/twilio/status?outbox={outbox}"
    return lambda h: h.twilio_post(path, {"MessageSid": "SM" + "0" * 32, "MessageStatus": "sent"})


WHATSAPP = f"whatsapp:{PHONE}"
NOT_FETCHED = "is not at an address I fetch files from"
TWILIO = [
    Case(
        "forged signature",
        _raw_twilio(b"From=%2B27825550001&MessageSid=SM1", b"application/x-www-form-urlencoded"),
        403,
    ),
    Case(
        "not utf-8",
        _raw_twilio(b"From=%2B27825550001&Body=%FF%FE", b"application/x-www-form-urlencoded"),
        400,
    ),
    Case(
        "unknown charset",
        _raw_twilio(b"Body=a", b"application/x-www-form-urlencoded; charset=klingon"),
        400,
    ),
    Case("not a form", _raw_twilio(b"{}", b"application/json"), 403),
    Case("no message sid", lambda h: h.twilio_post("/twilio/inbound", {"From": PHONE}), 400),
    Case("nul in body", _inbound(Body="hel\x00lo"), 200, kept=True, answered=True),
    Case("10,000-character sid", _inbound(MessageSid="SM" + "9" * 10_000), 200, kept=True),
    Case(
        "5,000-character profile name",
        _inbound(From=WHATSAPP, ProfileName="P" * 5000),
        200,
        kept=True,
    ),
    Case("nul in profile name", _inbound(From=WHATSAPP, ProfileName="T\x00"), 200, kept=True),
    Case(
        "media on another host",
        lambda h: _media(f"http://localhost:{h.trap.port}/photo")(h),
        200,
        kept=True,
        told=NOT_FETCHED,
        recipient=PHONE,
    ),
    Case(
        "media on the service itself",
        lambda h: _media(f"{h.public_url}/admin")(h),
        200,
        kept=True,
        told=NOT_FETCHED,
        recipient=PHONE,
    ),
    Case(
        "file: media",
        _media("file:///etc/passwd"),
        200,
        kept=True,
        told=NOT_FETCHED,
        recipient=PHONE,
    ),
    Case(
        "javascript: media",
        _media("javascript:alert(1)"),
        200,
        kept=True,
        told=NOT_FETCHED,
        recipient=PHONE,
    ),
    Case(
        "media redirect loop",
        lambda h: _media(f"http://127.0.0.1:{h.trap.port}/loop")(h),
        200,
        kept=True,
        told="too many times",
        recipient=PHONE,
    ),
    Case("status: non-ascii digits", _status("\u0663"), 400),
    Case("status: superscript digit", _status("\u00b2"), 400),
    Case("status: out of range", _status("9" * 30), 400),
]


@pytest.mark.parametrize("case", TWILIO, ids=lambda c: c.name)
async def test_twilio_webhooks(
    hostile: Hostile, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    await check(hostile, case, sms_menu, caplog)


async def test_media_links_never_carry_credentials(hostile: Hostile, caplog: Logs) -> None:
    before = hostile.trap.hits
    url = f"http://user:secret@127.0.0.1:{hostile.trap.port}/photo"
    await check(hostile, Case("credentials", _media(url), 200, kept=True), sms_menu, caplog)
    assert hostile.trap.hits == before + 1 and not hostile.trap.saw_credentials


async def test_media_of_other_hosts_is_never_fetched(hostile: Hostile, caplog: Logs) -> None:
    before = hostile.trap.hits
    url = f"http://localhost:{hostile.trap.port}/photo"
    await check(hostile, Case("other host", _media(url), 200, kept=True), sms_menu, caplog)
    assert hostile.trap.hits == before


# -- The web chat and console over HTTP -------------------------------------------------------
def _upload_headers(hostile: Hostile, boundary: bytes | None, csrf: str = "") -> list[Any]:
    kind = b"multipart/form-data" + (b"; boundary=" + boundary if boundary else b"")
    return [
        (b"Cookie", hostile.cookie_header(hostile.visitor)),
        (b"X-CSRF-Token", (csrf or hostile.chat_csrf).encode()),
        (b"Content-Type", kind),
    ]


def _part(name: str, value: bytes, kind: bytes = b"text/plain") -> bytes:
    head = f'--zz\r\nContent-Disposition: form-data; name="{name}"'.encode()
    return head + b"\r\nContent-Type: " + kind + b"\r\n\r\n" + value + b"\r\n"


PHOTO_PART = _part("file", picture("PNG", (60, 40)), b"image/png")


def _upload(body: bytes, boundary: bytes | None = b"zz", csrf: str = "") -> Any:
    return lambda h: raw_request(
        h.port, "POST", "/upload", _upload_headers(h, boundary, csrf), body
    )


def _sign_in(body: bytes, kind: bytes = b"application/x-www-form-urlencoded") -> Any:
    def send(h: Hostile) -> Any:
        headers = [(b"Origin", h.public_url.encode()), (b"Content-Type", kind)]
        return raw_request(h.port, "POST", "/admin/sign-in", headers, body)

    return send


def _with_cookie(path: str, cookie: bytes, method: str = "GET") -> Any:
    return lambda h: raw_request(
        h.port, method, path, [(b"Cookie", cookie), (b"Origin", h.public_url.encode())]
    )


def _sign_out(csrf: bytes) -> Any:
    def send(h: Hostile) -> Any:
        headers = [
            (b"Cookie", h.cookie_header(h.console)),
            *FORM,
            (b"Origin", h.public_url.encode()),
        ]
        return raw_request(h.port, "POST", "/admin/sign-out", headers, b"csrf=" + csrf)

    return send


WEB = [
    Case("nul in a header", lambda h: raw_request(h.port, "GET", "/", [(b"X-A", b"a\x00b")]), 400),
    Case("cookie not ascii: page", _with_cookie("/", b"bg_chat=" + NOT_ASCII), 200),
    Case("cookie not ascii: socket", _with_cookie("/ws", b"bg_chat=" + NOT_ASCII + b".x"), 403),
    Case("cookie undecodable: console", _with_cookie("/admin", b"bg_admin=\xff.\xfe"), 200),
    Case("csrf not ascii", _upload(PHOTO_PART + b"--zz--\r\n", csrf="ключ"), 403),
    Case("upload without boundary", _upload(PHOTO_PART, boundary=None), 400),
    Case("upload cut off", _upload(_part("id", b"photo-00001") + PHOTO_PART[:300]), 400),
    Case(
        "upload with an unused field",
        _upload(_part("junk", b"j" * 1000) + PHOTO_PART + b"--zz--\r\n"),
        400,
    ),
    Case("upload of 20 MB", _upload(_part("junk", b"j" * (20 * 1024 * 1024))), 413),
    Case(
        "nul in a caption",
        _upload(
            _part("id", b"photo-00002") + _part("caption", b"a\x00b") + PHOTO_PART + b"--zz--\r\n"
        ),
        200,
        kept=True,
    ),
    Case(
        "sign-in: unknown charset",
        _sign_in(b"token=x", b"application/x-www-form-urlencoded; charset=klingon"),
        400,
    ),
    Case("sign-in: not utf-8", _sign_in(b"token=%FF%FE"), 400),
    Case("sign-in: token not ascii", _sign_in("token=ключ".encode()), 401),
    Case("sign-in: multipart", _sign_in(b"--zz--", b"multipart/form-data; boundary=zz"), 415),
    Case("sign-out: csrf not ascii", _sign_out("ключ".encode()), 403),
]


@pytest.mark.parametrize("case", WEB, ids=lambda c: c.name)
async def test_web_routes(hostile: Hostile, case: Case, caplog: Logs) -> None:
    await check(hostile, case, web_menu, caplog)


# -- Signed links: GET /f/{token}, /s/{token}, /s/{token}/events -----------------------------
def _get(path: bytes) -> Any:
    async def send(h: Hostile) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", h.port)
        writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status_line = await reader.readline()
        writer.close()
        return int(status_line.split()[1]) if status_line else 0

    return send


# Raw bytes that are not ASCII in the request line: aiohttp itself refuses them (400).
LINKS = [
    Case(f"{path!r}", _get(path), status)
    for path, status in (
        (b"/f/%ED%A0%80.%ED%A0%80", 404),
        (b"/f/%C3%A9.%C3%A9", 404),
        (b"/f/%00.%00", 404),
        (b"/f/" + b"A" * 5000 + b".B", 404),
        (b"/f/\xff\xfe.\x80", 400),
        (b"/s/%ED%A0%80", 404),
        (b"/s/%00", 404),
        (b"/s/\xff/events", 400),
    )
]


@pytest.mark.parametrize("case", LINKS, ids=lambda c: c.name)
async def test_signed_links(hostile: Hostile, case: Case, caplog: Logs) -> None:
    await check(hostile, case, web_menu, caplog)


# -- The web chat's and the console's frames --------------------------------------------------
async def _frame(chat: WebChat, raw: str) -> str:
    """Send a frame as written; the type of the answer to it (the chat goes on after)."""
    socket = chat._socket
    assert socket is not None
    before = len(chat.events)
    await socket.send_str(raw)
    answer = await chat.wait_for(lambda e: e in chat.events[before:] and e["type"] != "message")
    return str(answer["type"])


def _customer(frame: object) -> Any:
    raw = frame if isinstance(frame, str) else json.dumps(frame)
    return lambda h: _frame(h.chat, raw)


def _technician(frame: dict[str, Any]) -> Any:
    return lambda h: _frame(h.console_chat, json.dumps(frame))


FRAMES = [
    Case(
        "nul in text",
        _customer({"id": "frame-00001", "text": "hel\x00lo"}),
        "ack",
        kept=True,
        answered=True,
    ),
    Case(
        "lone surrogate",
        _customer({"id": "frame-00002", "text": "a\ud800"}),
        "ack",
        kept=True,
        answered=True,
    ),
    Case("text a list", _customer({"id": "frame-00003", "text": ["a", 1]}), "ack", kept=True),
    Case("deep nesting", _customer("[" * 30_000 + "]" * 30_000), "error"),
    Case("not json", _customer("hello"), "error"),
    Case("bad id", _customer({"id": "\x00" * 9, "text": "hi"}), "error"),
    Case(
        "console command with nul",
        _technician({"id": "frame-00004", "text": "/queue\x00"}),
        "ack",
        kept=True,
    ),
]


@pytest.mark.parametrize("case", FRAMES, ids=lambda c: c.name)
async def test_web_chat_frames(
    hostile: Hostile, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    await check(hostile, case, web_menu, caplog)
    assert address_of(hostile)  # the same page, still open, got the answer
