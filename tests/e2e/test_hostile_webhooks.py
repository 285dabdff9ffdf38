"""Hostile input on the platforms' webhooks (Telegram, Twilio's inbound messages and delivery
reports), on both databases: each case is answered with a clear 4xx, or a 200 that keeps a
cleaned message so the platform does not send it again for ever; /healthz stays 200, nothing is
kept from a refused request, and a legitimate message right after is answered exactly once
(tests/support/hostile.py). One app per database serves every case."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stubs.telegram_updates import callback_update, message_update, photo_update
from tests.support.hostile import (
    BIG,
    CHAT,
    FORM,
    NESTED,
    NOT_ASCII,
    NOT_GZIP,
    PHONE,
    Case,
    Hostile,
    check,
    sms_menu,
    sms_params,
    telegram_menu,
)
from tests.support.raw_http import raw_request

pytestmark = pytest.mark.asyncio(loop_scope="module")
Logs = pytest.LogCaptureFixture


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
]


@pytest.mark.parametrize("case", SLOW, ids=lambda c: c.name)
async def test_slow_bodies(hostile: Hostile, case: Case, caplog: Logs) -> None:
    await check(hostile, case, telegram_menu, caplog)
