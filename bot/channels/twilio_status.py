"""Twilio's delivery reports: recorded on the outbox message, and acted on when a message
did not arrive — sent again, sent by SMS instead, or the technician told."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.base import DeliveryFailed
from bot.channels.twilio_api import OPTED_OUT
from bot.deliverer import Deliverer
from domain.customers import Channel
from domain.messages import Outbound
from domain.ports import Clock
from storage.repositories.common import Stored
from storage.repositories.outbox import Delivery, OutboxStatus
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

# Later reports never undo earlier ones (they can arrive out of order); the first final one
# stands.
_STAGE = {
    "accepted": 1, "scheduled": 1, "queued": 1, "sending": 2, "sent": 3,
    "delivered": 4, "undelivered": 4, "failed": 4, "canceled": 4, "read": 5,
}  # fmt: skip
NOT_DELIVERED = frozenset({"undelivered", "failed"})
# Delivery errors worth another try: the phone was off, the network busy.
TRY_AGAIN = frozenset({30001, 30003, 30008, 30017, 63018})
GONE = frozenset({30005, 30006, 63003, 63024})  # no such handset, landline, not on WhatsApp
MAX_SENDS = 3
FIRST_RESEND_AFTER = timedelta(minutes=5)


class DeliveryReports:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        deliverer: Deliverer,
        clock: Clock,
        *,
        sms_available: bool,
    ) -> None:
        self._sessions = sessions
        self._deliverer = deliverer
        self._clock = clock
        self._sms_available = sms_available

    async def record(self, outbox_id: int, params: Mapping[str, str]) -> None:
        status = params.get("MessageStatus", "").lower()
        if status not in _STAGE:
            return
        code = _error_code(params)
        error = f"Twilio {code}: {params.get('ErrorMessage') or status}" if code else None
        async with SqlUnitOfWork(self._sessions) as uow:
            delivery = await uow.outbox.delivery(outbox_id)
            if delivery is None or not _reports_on(delivery, params.get("MessageSid", ""), status):
                return
            await uow.outbox.set_delivery_status(outbox_id, status, error)
            follow_ups: list[Stored[Outbound]] = []
            if status in NOT_DELIVERED:
                via_whatsapp = params.get("To", "").startswith("whatsapp:")
                follow_ups = await self._not_delivered(
                    uow, delivery, code, error or status, via_whatsapp=via_whatsapp
                )
            await uow.commit()
        self._deliverer.submit(follow_ups)

    async def _not_delivered(
        self,
        uow: SqlUnitOfWork,
        delivery: Delivery,
        code: int | None,
        error: str,
        *,
        via_whatsapp: bool,
    ) -> list[Stored[Outbound]]:
        item, now = delivery.item, self._clock.now()
        log.warning("outbox #%s was not delivered: %s", item.id, error)
        if code in TRY_AGAIN and item.attempts < MAX_SENDS:
            wait = FIRST_RESEND_AFTER * 3 ** (item.attempts - 1)
            await uow.outbox.send_again(item.id, error, now + wait)
            return []
        await uow.outbox.give_up(item.id, error)
        if via_whatsapp and self._sms_available and code not in OPTED_OUT:
            log.info("outbox #%s goes by SMS instead", item.id)
            by_sms = replace(item.message, channel=Channel.SMS)
            return await self._deliverer.enqueue(uow, [by_sms], now)
        failure = DeliveryFailed(error, unreachable=code in GONE, opted_out=code in OPTED_OUT)
        return await self._deliverer.gave_up(uow, item.message, failure, now)


def _reports_on(delivery: Delivery, sid: str, status: str) -> bool:
    """The report is about the latest send of the message and moves it on. Reports can
    overtake the recording of a send's sid: an unknown sid on a message being sent (again)
    is that send's."""
    if delivery.platform_id in (None, sid):
        return _STAGE[status] > _STAGE.get(delivery.delivery_status or "", 0)
    return delivery.status is OutboxStatus.PENDING


def _error_code(params: Mapping[str, str]) -> int | None:
    try:
        return int(params.get("ErrorCode") or 0) or None
    except ValueError:
        return None
