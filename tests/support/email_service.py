"""The app with its e-mail channel pointed at the SMTP stand-in, and what the e-mail tests
do again and again: a customer proving their address in chat, the technician pressing a
status button, an e-mail put straight into the outbox."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from icalendar import Calendar

from bot.keys import SESSIONS
from bot.wiring import DELIVERER
from domain.customers import Channel
from domain.email import MailTopic
from domain.messages import Outbound
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.smtp_relay import FakeSmtpRelay, Received
from tests.stubs.telegram_updates import callback_update
from tests.support.telegram_service import ADMIN_CHAT, post_update
from tests.support.twilio_service import Service

EMAIL_FROM = "BurbGigz <shop@burbgigz.test>"
CODE_SUBJECT = "Your BurbGigz IT Support code: "


def smtp_settings(relay: FakeSmtpRelay) -> dict[str, Any]:
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": relay.port,
        "smtp_starttls": False,
        "email_from": EMAIL_FROM,
    }


def code_in(mail: Received) -> str:
    subject = str(mail.message["Subject"])
    assert subject.startswith(CODE_SUBJECT), subject
    return subject.removeprefix(CODE_SUBJECT)


async def give_address(service: Service, relay: FakeSmtpRelay, number: str, address: str) -> str:
    """The customer says MY EMAIL and types the address; the code the relay got for it."""
    asked = await service.texts(number, "my email")
    assert "What e-mail address" in asked.body, asked.body
    sent = await service.texts(number, address)
    assert f"I've e-mailed a 6-digit code to {address}" in sent.body, sent.body
    [mail] = await relay.wait_for(address)
    return code_in(mail)


async def prove_address(service: Service, relay: FakeSmtpRelay, number: str, address: str) -> None:
    code = await give_address(service, relay, number, address)
    done = await service.texts(number, code)
    assert done.body.startswith(f"Thanks, {address} is confirmed."), done.body


async def documents_by_email_only(service: Service, number: str) -> None:
    """In EMAIL SETTINGS the customer has invoices, reports and receipts come by e-mail alone."""
    await service.texts(number, "email settings")
    await service.texts(number, "2")  # invoices: in chat and by e-mail → in chat
    await service.texts(number, "2")  # → by e-mail
    await service.twilio.wait_for(
        lambda m: (
            m.to == number
            and m.body.startswith("Done: invoices, reports and receipts now")
            and "come by e-mail." in m.body
        )
    )


async def press_status(service: Service, reference: str, status: str) -> None:
    """The technician taps a status button of the job's card."""
    press = callback_update(ADMIN_CHAT, f"status.{reference}.{status}", message_id=1)
    assert await post_update(service.client, press) == 200


async def email_straight_away(
    service: Service, address: str, topic: MailTopic, now: datetime
) -> None:
    """An e-mail committed to the outbox as a handler's would be."""
    app = service.client.app
    message = Outbound(Channel.EMAIL, address, "Hello", subject="Hello", topic=str(topic))
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        items = await app[DELIVERER].enqueue(uow, [message], now)
        await uow.commit()
    app[DELIVERER].submit(items)


def invitation(mail: Received) -> tuple[str, Calendar]:
    """The calendar file attached: its content type's method, and the calendar."""
    [ics] = [a for a in mail.attachments() if a.get_content_type() == "text/calendar"]
    data = ics.get_payload(decode=True)
    assert isinstance(data, bytes)
    return str(ics.get_param("method")), Calendar.from_ical(io.BytesIO(data).read())
