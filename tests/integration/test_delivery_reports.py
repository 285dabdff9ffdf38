"""Delivery reports that overtake the deliverer's own record of the send (Twilio can report
before the sent-mark is written): what they start is not undone by the late mark."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.base import split_message, split_text
from bot.channels.twilio_status import FIRST_RESEND_AFTER, DeliveryReports
from bot.delivery.deliverer import Deliverer
from domain.customers import Channel, ChannelIdentity
from domain.messages import Outbound
from storage.database import create_sessionmaker
from storage.tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.clock import MovableClock

NUMBER = "+27821234567"


class ReportFirstChannel:
    """Twilio takes the message and its report arrives before our send call returns."""

    def __init__(self, status: str, code: int) -> None:
        self.status, self.code, self.sent = status, code, 0
        self.reports: DeliveryReports | None = None

    def pieces(self, message: Outbound) -> list[Outbound]:
        return split_message(message, lambda text: split_text(text, 1000))

    async def send(self, message: Outbound, *, outbox_id: int) -> str:
        self.sent += 1
        sid = f"SM{self.sent}"
        assert self.reports is not None
        report = {"MessageSid": sid, "MessageStatus": self.status, "ErrorCode": str(self.code)}
        await self.reports.record(outbox_id, report)
        return sid


async def send_once(engine: AsyncEngine, status: str, code: int) -> OutboxRow:
    sessions, clock = create_sessionmaker(engine), MovableClock()
    admins = (ChannelIdentity(Channel.TELEGRAM, "900"),)
    deliverer = Deliverer(sessions, clock=clock, admins=admins)
    channel = ReportFirstChannel(status, code)
    channel.reports = DeliveryReports(
        sessions, deliverer, clock, sms_reaches=lambda customer, number: False, admins=admins
    )
    deliverer.add_sender(Channel.SMS, channel)
    async with SqlUnitOfWork(sessions) as uow:
        items = await deliverer.enqueue(uow, [Outbound(Channel.SMS, NUMBER, "hi")], clock.now())
        await uow.commit()
    deliverer.submit(items)
    await deliverer.settled()
    async with sessions() as session:
        [row] = await session.scalars(select(OutboxRow).where(OutboxRow.recipient == NUMBER))
    assert row.created_at == clock.now()
    return row


async def test_a_resend_started_by_an_early_report_is_kept(engine: AsyncEngine) -> None:
    row = await send_once(engine, "undelivered", 30003)
    assert (row.status, row.delivery_status, row.platform_message_id) == (
        "pending", "undelivered", "SM1",
    )  # fmt: skip
    assert row.attempts == 1
    assert row.next_attempt_at == row.created_at + FIRST_RESEND_AFTER


async def test_a_give_up_started_by_an_early_report_is_kept(engine: AsyncEngine) -> None:
    row = await send_once(engine, "undelivered", 30005)
    assert (row.status, row.delivery_status, row.attempts) == ("failed", "undelivered", 1)


async def test_an_early_delivered_report_is_kept(engine: AsyncEngine) -> None:
    row = await send_once(engine, "delivered", 0)
    assert (row.status, row.delivery_status, row.platform_message_id) == (
        "sent", "delivered", "SM1",
    )  # fmt: skip
