"""The hostile-input suite's harness: one running app per database with every channel on
(Telegram, SMS/WhatsApp, the web chat and console), requests written byte by byte as a
hostile client would, and the checks every case ends with: the status, /healthz still 200,
nothing kept from a refused request (a kept one clean), and a legitimate message right
after answered exactly once."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot.keys import SESSIONS
from domain.clean_text import MAX_NAME, MAX_PLATFORM_ID
from storage.tables import InboundMessageRow, OutboxRow, WebMessageRow
from tests.stubs.media_trap import MediaTrap
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import message_update
from tests.stubs.twilio_api import FakeTwilio
from tests.support.raw_http import Headers, raw_request
from tests.support.telegram_service import SECRET, WEBHOOK, service_settled
from tests.support.web_service import WebChat

# Bodies and headers no real client sends, shared by the hostile suites.
NESTED = b"[" * 100_000 + b"]" * 100_000
NOT_GZIP = [(b"Content-Encoding", b"gzip")]
BIG = b"x" * (1024 * 1024 + 10)
FORM = [(b"Content-Type", b"application/x-www-form-urlencoded")]
NOT_ASCII = "ключ-\u00e9".encode()

CHAT = 7001  # the Telegram customer
PHONE = "+27825550001"  # the SMS and WhatsApp customer


@dataclass
class Hostile:
    server: TestServer
    twilio: FakeTwilio
    telegram: FakeBotApi
    trap: MediaTrap
    public_url: str
    visitor: aiohttp.ClientSession  # a web-chat customer with their session cookie
    chat: WebChat  # that customer's open chat page
    chat_csrf: str
    console: aiohttp.ClientSession  # the signed-in technician
    console_chat: WebChat
    console_csrf: str
    address: str  # the visitor's web-chat address, where the outbox sends their answers

    @property
    def port(self) -> int:
        assert self.server.port is not None
        return self.server.port

    @property
    def app(self) -> web.Application:
        return self.server.app

    # -- what a hostile client sends ---------------------------------------------------------
    async def send_update_raw(
        self, body: bytes, *, headers: Headers = (), secret: bytes = b""
    ) -> int:
        token = [(b"X-Telegram-Bot-Api-Secret-Token", secret or SECRET.encode())]
        kind = [(b"Content-Type", b"application/json")]
        return await raw_request(self.port, "POST", WEBHOOK, [*token, *kind, *headers], body)

    async def send_update(self, update: dict[str, Any]) -> int:
        return await self.send_update_raw(json.dumps(update).encode())

    def signed(self, path: str, params: dict[str, str]) -> tuple[Headers, bytes]:
        """Twilio's form and signature over it, as the real Twilio would post them."""
        validator = RequestValidator(self.twilio.auth_token)
        signature = validator.compute_signature(self.public_url + path, params)
        headers = [
            (b"X-Twilio-Signature", signature.encode()),
            (b"Content-Type", b"application/x-www-form-urlencoded"),
        ]
        return headers, urlencode(params).encode()

    async def twilio_post(self, path: str, params: dict[str, str]) -> int:
        headers, body = self.signed(path, params)
        return await raw_request(self.port, "POST", path, headers, body)

    def cookie_header(self, session: aiohttp.ClientSession) -> bytes:
        return "; ".join(f"{c.key}={c.value}" for c in session.cookie_jar).encode()

    # -- what every case checks --------------------------------------------------------------
    async def settled(self) -> None:
        """Until a round brings no new call to the stand-ins (a WhatsApp reply that fails is
        sent again by SMS a round later)."""
        while True:
            before = len(self.twilio.requests), len(self.telegram.calls)
            await self.twilio.settled()
            await service_settled(self.app)
            if (len(self.twilio.requests), len(self.telegram.calls)) == before:
                return

    async def healthy(self) -> bool:
        return await raw_request(self.port, "GET", "/healthz") == 200

    async def counts(self) -> tuple[int, int]:
        """Inbound messages and web-chat messages kept so far."""
        async with self.app[SESSIONS]() as session:
            inbound = await session.scalar(select(func.count()).select_from(InboundMessageRow))
            web_chat = await session.scalar(select(func.count()).select_from(WebMessageRow))
        return int(inbound or 0), int(web_chat or 0)

    async def newest_inbound(self) -> InboundMessageRow:
        async with self.app[SESSIONS]() as session:
            row = await session.scalar(
                select(InboundMessageRow).order_by(InboundMessageRow.id.desc()).limit(1)
            )
        assert row is not None
        return row

    async def last_outbox_id(self) -> int:
        async with self.app[SESSIONS]() as session:
            return int(await session.scalar(select(func.max(OutboxRow.id))) or 0)

    async def replies(self, recipient: str, since: int) -> list[str]:
        """The texts of what was sent to `recipient` after outbox message `since`."""
        async with self.app[SESSIONS]() as session:
            rows = await session.scalars(
                select(OutboxRow)
                .where(OutboxRow.recipient == recipient, OutboxRow.id > since)
                .order_by(OutboxRow.id)
            )
            return [str(row.payload.get("text", "")) for row in rows]


def is_clean(value: object) -> bool:
    """No NUL and no lone surrogate anywhere in a stored JSON value."""
    text = json.dumps(value, ensure_ascii=False)
    return "\\u0000" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


def fits_columns(row: InboundMessageRow) -> bool:
    payload = row.payload
    return (
        len(row.platform_id) <= MAX_PLATFORM_ID
        and len(str(payload.get("sender_name", ""))) <= MAX_NAME
    )


Send = Callable[[Hostile], Awaitable[int | str]]
Legit = Callable[[Hostile], Awaitable[str]]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to send it, the answer it must get (an HTTP status, or the
    type of the web chat's answer to a frame), whether a cleaned message is kept (a platform's
    webhook must not be made to send it again), and what the customer must be told."""

    name: str
    send: Send
    answer: int | str
    kept: bool = False
    told: str | None = None
    recipient: str | None = None  # who is told (`told`), when not the family's customer
    answered: bool = False  # the family's customer got an answer to it (the chat goes on)


async def check(
    hostile: Hostile, case: Case, legit: Legit, caplog: pytest.LogCaptureFixture
) -> None:
    """Send the case; then every check the suite makes of every case."""
    caplog.clear()
    before = await hostile.counts()
    since = await hostile.last_outbox_id()
    assert await case.send(hostile) == case.answer, case.name
    await hostile.settled()
    assert await hostile.healthy(), "/healthz after " + case.name
    inbound, web_chat = await hostile.counts()
    if case.kept:
        assert inbound == before[0] + 1, "the cleaned message was not kept"
        newest = await hostile.newest_inbound()
        assert is_clean(newest.payload) and fits_columns(newest), newest.payload
    else:
        assert (inbound, web_chat) == before, "something was kept from a refused request"
    if case.told is not None:
        assert case.recipient is not None
        told = await hostile.replies(case.recipient, since)
        assert any(case.told in text for text in told), told
    since_legit = await hostile.last_outbox_id()
    recipient = await legit(hostile)
    await hostile.settled()
    answers = await hostile.replies(recipient, since_legit)
    assert len(answers) == 1, f"after {case.name} the legitimate message got {answers}"
    if case.answered:
        assert len(await hostile.replies(recipient, since)) > 1, f"{case.name} got no answer"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"{case.name} was logged as an error: {errors}"


# -- the legitimate message each family sends after its case ---------------------------------
async def telegram_menu(hostile: Hostile) -> str:
    assert await hostile.send_update(message_update(CHAT, "menu")) == 200
    return str(CHAT)


async def sms_menu(hostile: Hostile) -> str:
    params = sms_params(Body="menu")
    assert await hostile.twilio_post("/twilio/inbound", params) == 200
    return PHONE


async def web_menu(hostile: Hostile) -> str:
    await hostile.chat.send(text="menu")
    return hostile.address


def sms_params(**overrides: str) -> dict[str, str]:
    """An SMS as Twilio posts it, from PHONE."""
    sid = "SM" + uuid.uuid4().hex
    params = {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32}
    params |= {"From": PHONE, "To": "+27875550100", "Body": "hello", "NumMedia": "0"}
    return params | overrides
