"""Twilio's delivery reports: recorded on the outbox message, and acted on when a message
did not arrive — sent again, sent by SMS instead, or the technician told."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.twilio_api import OPTED_OUT, UNREACHABLE
from bot.delivery.deliverer import Deliverer
from bot.delivery.sending import DeliveryFailed
from bot.delivery.undelivered import undelivered
from domain.clean_text import MAX_PLATFORM_ID, clean_text
from domain.customers import Channel, ChannelIdentity, Customer
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
MAX_ATTEMPTS = 3  # sends and failed tries together, before a message is given up
FIRST_RESEND_AFTER = timedelta(minutes=5)
_ERROR_CODE = re.compile(r"[0-9]{1,9}")
MAX_ERROR = 500
SmsReaches = Callable[[Customer | None, str], bool]


class DeliveryReports:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        deliverer: Deliverer,
        clock: Clock,
        *,
        sms_reaches: SmsReaches,
        admins: tuple[ChannelIdentity, ...],
    ) -> None:
        self._sessions = sessions
        self._admins = admins
        self._deliverer = deliverer
        self._clock = clock
        self._sms_reaches = sms_reaches

    async def record(self, outbox_id: int, params: Mapping[str, str]) -> None:
        status = params.get("MessageStatus", "").lower()
        sid = clean_text(params.get("MessageSid", ""), MAX_PLATFORM_ID)
        if status not in _STAGE or not sid:
            return
        code = _error_code(params)
        reason = clean_text(params.get("ErrorMessage"), MAX_ERROR) or status
        error = f"Twilio {code}: {reason}" if code else None
        async with SqlUnitOfWork(self._sessions) as uow:
            delivery = await self._current_send(uow, outbox_id, sid)
            if delivery is None or _STAGE[status] <= _STAGE.get(delivery.delivery_status or "", 0):
                return  # another send's report, or one that arrived out of order
            await uow.outbox.set_delivery_status(outbox_id, status, error)
            follow_ups: list[Stored[Outbound]] = []
            if status in NOT_DELIVERED:
                follow_ups = await self._not_delivered(uow, delivery.item, code, error or status)
            await uow.commit()
        self._deliverer.submit(follow_ups)

    async def _current_send(self, uow: SqlUnitOfWork, outbox_id: int, sid: str) -> Delivery | None:
        """The message as of the send the report is about; None when it is about another.
        A report can overtake the deliverer's sent-mark: it then records the send itself."""
        delivery = await uow.outbox.delivery(outbox_id)
        if delivery is None or delivery.platform_id == sid:
            return delivery
        if delivery.status is not OutboxStatus.PENDING:
            return None  # an earlier send of a message sent again since
        await uow.outbox.record_send(outbox_id, sid, self._clock.now())
        item = replace(delivery.item, attempts=delivery.item.attempts + 1)
        return Delivery(item, OutboxStatus.SENT, sid, None)

    async def _not_delivered(
        self,
        uow: SqlUnitOfWork,
        item: Stored[Outbound],
        code: int | None,
        error: str,
    ) -> list[Stored[Outbound]]:
        now = self._clock.now()
        log.warning("outbox #%s was not delivered: %s", item.id, error)
        if code in TRY_AGAIN and item.attempts < MAX_ATTEMPTS:
            wait = FIRST_RESEND_AFTER * 3 ** (item.attempts - 1)
            await uow.outbox.send_again(item.id, error, now + wait)
            return []
        await uow.outbox.give_up(item.id, error, tried=False)
        failure = DeliveryFailed(
            error, unreachable=code in UNREACHABLE, opted_out=code in OPTED_OUT
        )
        if item.message.channel == Channel.WHATSAPP and not failure.opted_out:
            number = item.message.recipient
            customer = await uow.customers.by_identity(Channel.WHATSAPP, number)
            if self._sms_reaches(customer, number):
                failure = DeliveryFailed(error, instead=Channel.SMS)
        follow_ups = await undelivered(uow, item.message, failure, self._admins, now)
        return await self._deliverer.enqueue(uow, follow_ups, now)


def _error_code(params: Mapping[str, str]) -> int | None:
    code = params.get("ErrorCode") or ""
    return int(code) if _ERROR_CODE.fullmatch(code) and int(code) else None
