"""Hostile input on the web side (the chat page, uploads, the console's sign-in and sign-out,
signed links, the chat's and the console's socket frames, the portal's sign-in and its
signed-in pages' forms), on both databases: each case is
answered with a clear 4xx (a frame with an error, the socket staying open), or kept cleaned and
answered; /healthz stays 200, nothing is kept from a refused request, and a legitimate message
right after is answered exactly once (tests/support/hostile.py). One app per database."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.support.hostile import (
    FORM,
    NOT_ASCII,
    Case,
    Hostile,
    check,
    web_menu,
)
from tests.support.hostile_portal import form_post, signed_in_get, signed_in_post
from tests.support.images import picture
from tests.support.raw_http import raw_request
from tests.support.web_service import WebChat

pytestmark = pytest.mark.asyncio(loop_scope="module")
Logs = pytest.LogCaptureFixture


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


# -- The portal: its sign-in pages, its cookie, and its signed-in pages' forms ---------------
LONG = b"1" * 5000
OVER_A_MB = b"1" * (1024 * 1024 + 10)
KLINGON = b"application/x-www-form-urlencoded; charset=klingon"
MULTIPART = b"multipart/form-data; boundary=zz"
PORTAL = [
    Case("sign-in: unknown charset", form_post("/portal/sign-in", b"number=x", KLINGON), 400),
    Case("sign-in: not utf-8", form_post("/portal/sign-in", b"number=%FF%FE"), 400),
    Case("sign-in: number not ascii", form_post("/portal/sign-in", "number=ключ".encode()), 400),
    Case("sign-in: nul in the number", form_post("/portal/sign-in", b"number=082%00123"), 400),
    Case("sign-in: number too long", form_post("/portal/sign-in", b"number=" + LONG), 400),
    Case(
        "sign-in: address too long",
        form_post("/portal/sign-in", b"number=" + b"a" * 300 + b"%40example.com"),
        400,
    ),
    Case("sign-in: address not ascii", form_post("/portal/sign-in", "number=é@ключ".encode()), 400),
    Case("sign-in: body of 1 MB", form_post("/portal/sign-in", b"number=" + OVER_A_MB), 413),
    Case("sign-in: multipart", form_post("/portal/sign-in", b"--zz--", MULTIPART), 415),
    Case("code: not utf-8", form_post("/portal/code", b"number=1&code=%FF"), 400),
    Case(
        "code: not ascii",
        form_post("/portal/code", "number=+27825550001&code=ключ\x00".encode()),
        401,
    ),
    Case("code: too long", form_post("/portal/code", b"number=" + LONG + b"&code=" + LONG), 401),
    Case("code: unknown charset", form_post("/portal/code", b"code=1", KLINGON), 400),
    Case("link: not ascii", signed_in_get("/portal/link/%C3%A9"), 410),
    Case("link: lone surrogate", form_post("/portal/link/%ED%A0%80", b""), 410),
    Case("link: nul", form_post("/portal/link/%00", b""), 410),
    Case("link: too long", form_post(b"/portal/link/" + b"A" * 5000, b""), 410),
    Case("cookie not ascii: portal", _with_cookie("/portal", b"bg_portal=" + NOT_ASCII), 303),
    Case("cookie undecodable: portal", _with_cookie("/portal", b"bg_portal=\xff.\xfe"), 303),
    Case(
        "cookie undecodable: sign-in",
        _with_cookie("/portal/sign-in", b"bg_portal=\xff.\xfe"),
        200,
    ),
    Case(
        "cookie not ascii: a form",
        _with_cookie("/portal/sign-out", b"bg_portal=" + NOT_ASCII, "POST"),
        403,
    ),
    Case(
        "details: csrf not ascii",
        signed_in_post("/portal/details", b"name=Thandi", csrf="ключ".encode()),
        403,
    ),
    Case("details: not utf-8", signed_in_post("/portal/details", b"name=%FF%FE"), 400),
    Case("details: unknown charset", signed_in_post("/portal/details", b"name=x", KLINGON), 400),
    Case("details: name too long", signed_in_post("/portal/details", b"name=" + LONG), 400),
    Case("details: nul in the name", signed_in_post("/portal/details", b"name=Tha%00ndi"), 200),
    Case(
        "details: name not ascii",
        signed_in_post("/portal/details", "name=Тханди Мокоена".encode()),
        200,
    ),
    Case("book: not utf-8", signed_in_post("/portal/book", b"problem=%FF&step=times"), 400),
    Case(
        "book: problem too long (cut to size)",
        signed_in_post("/portal/book", b"step=times&service=remote-support&problem=" + LONG),
        200,
    ),
    Case(
        "book: a time not ascii",
        signed_in_post("/portal/book", "step=book&problem=x&start=ключ".encode()),
        400,
    ),
    Case("move: not one's job", signed_in_post("/portal/jobs/%C3%A9/move", b"start=x"), 404),
    Case("cancel: nul in the job", signed_in_post("/portal/jobs/%00/cancel", b""), 404),
    Case("session: not a number", signed_in_post("/portal/sessions/%C3%A9/end", b""), 404),
    Case("pages: a job not ascii", signed_in_get("/portal/jobs/%ED%A0%80"), 404),
]


@pytest.mark.parametrize("case", PORTAL, ids=lambda c: c.name)
async def test_portal_routes(hostile: Hostile, case: Case, caplog: Logs) -> None:
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
    await check(hostile, case, web_menu, caplog)  # on the same page, still open


async def _slow(hostile: Hostile, path: str, headers: list[Any]) -> int:
    """A body that claims 100 bytes and sends 10: the app gives up on it (408)."""
    return await raw_request(hostile.port, "POST", path, headers, b"0123456789", length=100)


SLOW = [
    Case(
        "sign-in",
        lambda h: _slow(h, "/admin/sign-in", [(b"Origin", h.public_url.encode()), *FORM]),
        408,
    ),
    Case("upload", lambda h: _slow(h, "/upload", _upload_headers(h, b"zz")), 408),
]


@pytest.mark.parametrize("case", SLOW, ids=lambda c: c.name)
async def test_slow_bodies(hostile: Hostile, case: Case, caplog: Logs) -> None:
    await check(hostile, case, web_menu, caplog)
