"""Outbound SMS and WhatsApp: shaped for the channel, sent through Twilio, and never free text
outside WhatsApp's 24-hour window."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.channels.base import split_message, split_text
from bot.channels.twilio_api import TwilioApi
from bot.channels.twilio_text import (
    WHATSAPP_PIECE,
    split_sms,
    template_variable,
    to_gsm7,
    with_numbered_options,
)
from bot.delivery.sending import DeliveryFailed
from bot.files.file_links import FileLinks
from domain.customers import Channel, ChannelIdentity, Customer
from domain.messages import Attachment, Outbound
from domain.ports import Clock
from handlers.shared.wording import channel_name

# Free-form WhatsApp messages are allowed for 24 h after the customer's last message; keep a
# margin for clocks and queues.
WHATSAPP_WINDOW = timedelta(hours=24) - timedelta(minutes=10)
# Long enough to read a text the next day; Twilio fetches WhatsApp media at once.
SMS_LINK_LIFETIME = timedelta(days=7)
MEDIA_LINK_LIFETIME = timedelta(hours=6)
STATUS_PATH = "/twilio/status"

Contacts = Callable[[Channel, str], Awaitable[Customer | None]]


@dataclass(frozen=True, slots=True)
class TwilioSenders:
    """What the SMS and WhatsApp senders share."""

    api: TwilioApi
    links: FileLinks
    contacts: Contacts  # the customer behind an address, read fresh before each send
    clock: Clock
    base_url: str
    sms_from: str | None
    whatsapp_from: str | None
    template_sid: str | None
    auth_template_sid: str | None = None  # for sign-in codes: {{1}} is the code


class SmsSender:
    def __init__(self, shared: TwilioSenders) -> None:
        self._shared = shared

    def pieces(self, message: Outbound) -> list[Outbound]:
        text = to_gsm7(with_numbered_options(message.text, message.options))
        return split_message(replace(message, text=text, options=()), split_sms)

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        customer = await self._shared.contacts(Channel.SMS, message.recipient)
        _refuse_if_opted_out(customer, Channel.SMS, message)
        return await _send_sms(self._shared, message, outbox_id)


class WhatsAppSender:
    def __init__(self, shared: TwilioSenders) -> None:
        self._shared = shared

    def pieces(self, message: Outbound) -> list[Outbound]:
        text = with_numbered_options(message.text, message.options)
        split = lambda body: split_text(body, WHATSAPP_PIECE)  # noqa: E731
        return split_message(replace(message, text=text, options=()), split)

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        shared, number = self._shared, message.recipient
        customer = await shared.contacts(Channel.WHATSAPP, number)
        identity = _refuse_if_opted_out(customer, Channel.WHATSAPP, message)
        if shared.whatsapp_from is None:
            raise DeliveryFailed(
                "no WhatsApp number is set up (TWILIO_WHATSAPP_FROM)", permanent=True
            )
        try:
            if _window_open(identity, shared.clock.now()):
                return await self._free_form(message, outbox_id)
            if message.auth_code is not None:  # a code goes only as an authentication template
                if shared.auth_template_sid is not None:
                    return await self._auth_template(message, outbox_id)
            elif shared.template_sid is not None:
                return await self._template(message, customer, outbox_id)
        except DeliveryFailed as failure:
            if failure.unreachable and sms_reaches(shared, customer, number):
                raise DeliveryFailed(failure.reason, instead=Channel.SMS) from failure
            raise
        if sms_reaches(shared, customer, number):
            raise DeliveryFailed("outside WhatsApp's 24-hour window", instead=Channel.SMS)
        raise DeliveryFailed(
            "outside WhatsApp's 24-hour window, with no template (TWILIO_WHATSAPP_TEMPLATE_SID) "
            "and no SMS to use instead",
            permanent=True,
        )

    async def _free_form(self, message: Outbound, outbox_id: int) -> str:
        shared = self._shared
        params: dict[str, Any] = {"body": message.text}
        if message.attachments:  # a piece carries one file, captioned
            attachment = message.attachments[0]
            params = {"media_url": [await shared.links.url(attachment, MEDIA_LINK_LIFETIME)]}
            if attachment.caption:
                params["body"] = attachment.caption
        return await shared.api.create_message(
            **_addressed(shared, message, outbox_id, whatsapp=True), **params
        )

    async def _template(self, message: Outbound, customer: Customer | None, outbox_id: int) -> str:
        shared = self._shared
        name = customer.first_name if customer else "there"
        text = await _as_text(shared, message)
        variables = {"1": template_variable(name), "2": template_variable(text)}
        return await shared.api.create_message(
            **_addressed(shared, message, outbox_id, whatsapp=True),
            content_sid=shared.template_sid,
            content_variables=json.dumps(variables),
        )

    async def _auth_template(self, message: Outbound, outbox_id: int) -> str:
        shared = self._shared
        return await shared.api.create_message(
            **_addressed(shared, message, outbox_id, whatsapp=True),
            content_sid=shared.auth_template_sid,
            content_variables=json.dumps({"1": message.auth_code}),
        )


def sms_reaches(shared: TwilioSenders, customer: Customer | None, number: str) -> bool:
    """Whether an SMS may carry what WhatsApp cannot: SMS is set up, and the number has not
    opted out of it or proved unreachable by it."""
    identity = customer.identity(Channel.SMS, number) if customer else None
    blocked = identity is not None and (identity.opted_out_at or not identity.reachable)
    return shared.sms_from is not None and not blocked


async def _send_sms(shared: TwilioSenders, message: Outbound, outbox_id: int) -> str:
    """A text message; files go as links, since MMS does not reach South Africa."""
    if shared.sms_from is None:
        raise DeliveryFailed("no SMS number (TWILIO_SMS_FROM)", permanent=True)
    body = to_gsm7(await _as_text(shared, message))
    return await shared.api.create_message(
        **_addressed(shared, message, outbox_id, whatsapp=False), body=body
    )


async def _as_text(shared: TwilioSenders, message: Outbound) -> str:
    links = [await _link_line(shared, attachment) for attachment in message.attachments]
    return "\n".join(part for part in (message.text, *links) if part)


async def _link_line(shared: TwilioSenders, attachment: Attachment) -> str:
    url = await shared.links.url(attachment, SMS_LINK_LIFETIME)
    label = attachment.caption or attachment.filename or "Your file"
    return f"{label}: {url}"


def _addressed(
    shared: TwilioSenders, message: Outbound, outbox_id: int, *, whatsapp: bool
) -> dict[str, Any]:
    prefix = "whatsapp:" if whatsapp else ""
    sender = shared.whatsapp_from if whatsapp else shared.sms_from
    return {
        "to": f"{prefix}{message.recipient}",
        "from_": f"{prefix}{sender}",
        "status_callback": f"{shared.base_url}{STATUS_PATH}?outbox={outbox_id}",
    }


def _refuse_if_opted_out(
    customer: Customer | None, channel: Channel, message: Outbound
) -> ChannelIdentity | None:
    identity = customer.identity(channel, message.recipient) if customer else None
    if identity is not None and identity.opted_out_at is not None and not message.confirms_opt_out:
        raise DeliveryFailed(f"they opted out of {channel_name(channel)}", opted_out=True)
    return identity


def _window_open(identity: ChannelIdentity | None, now: datetime) -> bool:
    last = identity.last_inbound_at if identity else None
    return last is not None and now - last < WHATSAPP_WINDOW
