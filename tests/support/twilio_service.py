"""The whole app wired to the Twilio stand-in (and the Bot API stand-in for the technician's
admin chat), as the SMS and WhatsApp end-to-end tests use it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.keys import FILES, SESSIONS
from bot.settings import Settings
from bot.wiring import DELIVERER
from domain.customers import Channel, Customer
from domain.messages import Attachment, Outbound
from storage.tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import command_update
from tests.stubs.twilio_api import FakeTwilio, SentMessage
from tests.support.clock import MovableClock
from tests.support.telegram_service import (
    ADMIN_CHAT,
    post_update,
    service_settled,
    telegram_settings,
)

PhoneChannel = Literal["sms", "whatsapp"]
Client = TestClient[web.Request, web.Application]
PUBLIC = "https://burbgigz.test"
SMS_FROM = "+27875550100"
WHATSAPP_FROM = "+27875550101"
THANDI = "+27821234567"
WA_THANDI = f"whatsapp:{THANDI}"
TEMPLATE_SID = "HX" + "ab" * 16
REPORT = Attachment("jobs/1/report.pdf", "application/pdf", "report.pdf", "Your service report")
PDF = b"%PDF-1.4 the report"


def twilio_settings(
    twilio: FakeTwilio, api: FakeBotApi, database_url: str, files: Path, **overrides: Any
) -> Settings:
    twilio.public_base_url = PUBLIC
    twilio.sms_number, twilio.whatsapp_number = SMS_FROM, WHATSAPP_FROM
    values: dict[str, Any] = {
        "public_base_url": PUBLIC,
        "twilio_account_sid": twilio.account_sid,
        "twilio_auth_token": twilio.auth_token,
        "twilio_sms_from": SMS_FROM,
        "twilio_whatsapp_from": WHATSAPP_FROM,
        "twilio_api_base_url": twilio.base_url,
        "twilio_media_hosts": twilio.media_hosts,
        "twilio_messages_per_second": 100,  # as for Telegram: the stand-in has no rate limit
    }
    return telegram_settings(api, database_url, files, **(values | overrides))


@dataclass
class Service:
    """The running app, the stand-ins around it, and what a test reads back."""

    client: Client
    twilio: FakeTwilio
    telegram: FakeBotApi

    async def customer(self, channel: Channel, address: str) -> Customer | None:
        async with SqlUnitOfWork(self.client.app[SESSIONS]) as uow:
            return await uow.customers.by_identity(channel, address)

    async def outbox_to(self, recipient: str) -> list[OutboxRow]:
        async with self.client.app[SESSIONS]() as session:
            rows = await session.scalars(
                select(OutboxRow).where(OutboxRow.recipient == recipient).order_by(OutboxRow.id)
            )
            return list(rows)

    async def retry_waiting(self, recipient: str) -> OutboxRow:
        """The message to `recipient` whose send failed, once its retry is scheduled."""
        for _ in range(250):
            rows = await self.outbox_to(recipient)
            if waiting := [r for r in rows if r.status == "pending" and r.last_error]:
                return waiting[0]
            await asyncio.sleep(0.02)
        raise AssertionError(f"no failed send to {recipient} is waiting for its retry")

    async def last_outcome(self, recipient: str) -> OutboxRow:
        """The latest message to `recipient`, once it has been sent or given up."""
        for _ in range(250):
            rows = await self.outbox_to(recipient)
            if rows and rows[-1].status != "pending":
                return rows[-1]
            await asyncio.sleep(0.02)
        raise AssertionError(f"the last message to {recipient} is still pending")

    async def settled(self) -> None:
        """Until a whole round brings no new call to the stand-ins: the stand-in's callbacks,
        the turns and sends they led to, and the callbacks of those sends."""
        while True:
            before = len(self.twilio.requests), len(self.telegram.calls)
            await self.twilio.settled()
            await service_settled(self.client.app)
            if (len(self.twilio.requests), len(self.telegram.calls)) == before:
                return

    def technician_got(self, text: str) -> list[str]:
        """Admin-chat messages so far that contain `text`."""
        sent = self.telegram.calls_to("sendMessage")
        return [c["text"] for c in sent if c["chat_id"] == ADMIN_CHAT and text in c["text"]]

    async def technician_sees(self, text: str, timeout: float = 5.0) -> str:  # noqa: ASYNC109
        """The admin-chat message containing `text`, once it has arrived."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not (found := self.technician_got(text)):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"the technician never got {text!r}; the admin chat got:\n"
                    + self.telegram.summary()
                )
            await asyncio.sleep(0.02)
        return found[0]

    async def technician_says(self, command: str) -> None:
        """The technician types a command in the admin chat."""
        update = command_update(ADMIN_CHAT, command, first_name="Tech")
        assert await post_update(self.client, update) == 200

    async def texts(self, number: str, body: str, *, channel: PhoneChannel = "sms") -> SentMessage:
        """The customer writes; the service's (last) answer to them."""
        to = f"whatsapp:{number}" if channel == "whatsapp" else number
        before = len(self.twilio.messages_to(to))
        await self.twilio.send_inbound(number, body, channel=channel, profile_name="Thandi")
        return (await self.twilio.wait_for(before + 1, to=to))[-1]

    async def book(self, number: str, *, channel: PhoneChannel = "sms") -> str:
        """A remote support session booked on SMS or WhatsApp; the job's reference."""
        await self.texts(number, "book", channel=channel)
        await self.texts(number, "My laptop will not switch on", channel=channel)
        await self.texts(number, "1", channel=channel)  # remote support
        asked = await self.texts(number, "1", channel=channel)  # the first free time
        if asked.body.startswith("What name"):
            await self.texts(number, "Thandi", channel=channel)
        done = await self.texts(number, "1", channel=channel)  # yes, book it
        assert done.body.startswith("Booked! BG-"), done.body
        return done.body.removeprefix("Booked! ").split(":")[0]


async def send_report(service: Service, channel: Channel, clock: MovableClock) -> None:
    """A notification carrying a file, committed to the outbox as any handler's would be."""
    app = service.client.app
    await app[FILES].put(REPORT.ref, PDF, REPORT.content_type)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        message = Outbound(channel, THANDI, "Thanks for choosing BurbGigz!", attachments=(REPORT,))
        items = await app[DELIVERER].enqueue(uow, [message], clock.now())
        await uow.commit()
    app[DELIVERER].submit(items)


Start = Callable[..., Awaitable[Service]]
