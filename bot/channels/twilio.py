"""The Twilio channels: SMS and WhatsApp in through signed webhooks, out through the REST API."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from twilio.request_validator import SIGNATURE_HEADER, RequestValidator

from bot.channels.media_hosts import MediaHosts
from bot.channels.twilio_api import TwilioApi
from bot.channels.twilio_inbound import NotAMessage, to_inbound
from bot.channels.twilio_send import SmsSender, TwilioSenders, WhatsAppSender, sms_reaches
from bot.channels.twilio_status import DeliveryReports
from bot.delivery.deliverer import Deliverer
from bot.files.file_links import FileLinks
from bot.http_input import FORM, read_form
from bot.settings import Settings
from domain.customers import Channel, ChannelIdentity, Customer
from domain.messages import Inbound
from domain.ports import Clock
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

INBOUND_PATH = "/twilio/inbound"
_OUTBOX_ID = re.compile(r"[0-9]{1,18}")  # below 2**63, so both databases can look it up
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioChannel:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        links: FileLinks,
        deliverer: Deliverer,
        accept: Callable[[Inbound], Awaitable[bool]],
        admins: tuple[ChannelIdentity, ...],
    ) -> None:
        assert settings.twilio_account_sid and settings.twilio_auth_token
        token = settings.twilio_auth_token.get_secret_value()
        self.api = TwilioApi(
            settings.twilio_account_sid,
            token,
            settings.twilio_api_base_url,
            MediaHosts(settings.twilio_media_hosts),
        )
        self._validator = RequestValidator(token)
        self._base_url = settings.base_url
        self._body_seconds = settings.request_body_seconds
        self._sessions = sessions
        self._clock = clock
        self._accept = accept
        shared = TwilioSenders(
            api=self.api,
            links=links,
            contacts=self._contact,
            clock=clock,
            base_url=settings.base_url,
            sms_from=settings.twilio_sms_from,
            whatsapp_from=settings.twilio_whatsapp_from,
            template_sid=settings.twilio_whatsapp_template_sid,
            auth_template_sid=settings.twilio_whatsapp_auth_template_sid,
        )
        self.sms = SmsSender(shared)
        self.whatsapp = WhatsAppSender(shared)
        self._reports = DeliveryReports(
            sessions,
            deliverer,
            clock,
            sms_reaches=lambda customer, number: sms_reaches(shared, customer, number),
            admins=admins,
        )

    async def close(self) -> None:
        await self.api.close()

    async def inbound(self, request: web.Request) -> web.Response:
        params = await self._signed_params(request)
        try:
            message = to_inbound(params, self._clock.now())
        except NotAMessage as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        if message is None:
            log.info("ignored a Twilio message whose sender is not a phone number")
        else:
            # Recorded before we answer: if this raises, Twilio sees an error, not a 2xx.
            await self._accept(message)
        return web.Response(text=EMPTY_TWIML, content_type="text/xml")

    async def status(self, request: web.Request) -> web.Response:
        params = await self._signed_params(request)
        outbox_id = request.query.get("outbox", "")
        if not outbox_id:
            return web.Response(status=204)
        if not _OUTBOX_ID.fullmatch(outbox_id):  # ASCII digits within a database id
            raise web.HTTPBadRequest(text="no such outbox message")
        await self._reports.record(int(outbox_id), params)
        return web.Response(status=204)

    async def _signed_params(self, request: web.Request) -> dict[str, str]:
        """The posted parameters, once Twilio's signature (over our public URL, with the
        auth token) checks out. Twilio posts forms, never files."""
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature or request.content_type != FORM:
            raise web.HTTPForbidden(text="forbidden")
        params = await read_form(request, self._body_seconds)
        url = f"{self._base_url}{request.path_qs}"
        if not self._validator.validate(url, params, signature):
            raise web.HTTPForbidden(text="forbidden")
        return {key: str(value) for key, value in params.items()}

    async def _contact(self, channel: Channel, address: str) -> Customer | None:
        async with SqlUnitOfWork(self._sessions) as uow:
            return await uow.customers.by_identity(channel, address)
