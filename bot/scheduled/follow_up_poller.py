"""Fires scheduled messages when due: claimed, put into words and put in the outbox in one
transaction, so each goes out once however many processes poll (SKIP LOCKED on Postgres)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.outlet import Outlet
from domain.customers import ChannelIdentity
from domain.follow_ups import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    QuietHours,
    agenda_due,
    unpaid_invoice_reminder,
    weekly_summary,
)
from domain.messages import Inbound, Outbound
from handlers.kernel.runner import TurnRunner
from handlers.kernel.services import Services
from handlers.scheduled.follow_up_messages import send_follow_up
from handlers.scheduled.morning_agenda import send_morning_agenda
from handlers.scheduled.weekly_summary import send_weekly_summary
from handlers.shared.notify import reachable_identity
from storage.errors import is_transient
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

POLL_SECONDS = 15
BATCH = 50
# A morning agenda this late (the service was down) is old news: the day has begun.
AGENDA_STALE_AFTER = timedelta(hours=3)
# What the technician is sent in the morning, by kind.
FOR_ADMINS = {
    FollowUpKind.AGENDA: send_morning_agenda,
    FollowUpKind.WEEKLY_SUMMARY: send_weekly_summary,
}


class FollowUpPoller:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        *,
        outlet: Outlet,
    ) -> None:
        self._sessions = sessions
        self._outlet = outlet
        self._turns = TurnRunner(services)
        self._clock = services.clock
        self._business = services.business
        self._calendar = services.calendar
        self._admins = services.admins
        self._claimer = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid4().hex[:8]}"
        self._caught_up = False  # on unpaid invoices' reminders (see _plan_recurring)

    async def run(self) -> None:
        """One round: plan what recurs, then fire everything due."""
        await self.plan()
        await self.fire_due()

    async def plan(self) -> None:
        """What recurs (the agenda, the weekly summary): one process's round is enough."""
        with _transient_waits():
            await self._plan_recurring()

    async def fire_due(self) -> None:
        """Everything due, in batches: every process fires, each claiming its own rows (FOR
        UPDATE SKIP LOCKED), so a burst of reminders is shared out and sent side by side."""
        with _transient_waits():
            while await self._fire_batch() == BATCH:
                pass

    async def _plan_recurring(self) -> None:
        """Today's and tomorrow's agenda; planning one twice adds nothing (one row per key).
        An unpaid invoice's reminder is planned when the invoice is issued; the process's
        first round plans any still missing (issued before an upgrade, or while the business
        file, read at start, had unpaid_invoice_after_days = 0): a scan of the open invoices,
        too dear for every round."""
        timings, zone = self._business.reminders, self._calendar.zone
        quiet = QuietHours(*timings.quiet_hours, zone)
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            today = now.astimezone(zone).date()
            for day in (today, today + timedelta(days=1)) if self._admins else ():
                due = agenda_due(day, timings.agenda_at, zone)
                await uow.follow_ups.add(FollowUp(FollowUpKind.AGENDA, f"agenda:{day}", due), now)
                if weekly := weekly_summary(day, timings.agenda_at, quiet):
                    await uow.follow_ups.add(weekly, now)
            if not self._caught_up and (after := timings.unpaid_invoice_after_days):
                for found in await uow.follow_ups.unplanned_unpaid_invoices():
                    await uow.follow_ups.add(unpaid_invoice_reminder(*found, after, quiet), now)
            await uow.commit()
        self._caught_up = True

    async def _fire_batch(self) -> int:
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            due = await uow.follow_ups.claim_due(now, BATCH, self._claimer)
            messages: list[Outbound] = []
            # Each item holds its customer's conversation until the commit: every process takes
            # them in one order, so two batches wait for each other instead of deadlocking.
            for item in sorted(due, key=lambda i: (i.customer_id or 0, i.due_at, i.id or 0)):
                try:
                    async with uow.savepoint():
                        messages += await self._fire(uow, item, now)
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    messages += await self._failed(uow, item, exc, now)
            leased = await self._outlet.enqueue(uow, messages, now)
            await uow.commit()
        self._outlet.submit(leased)
        return len(due)

    async def _fire(self, uow: SqlUnitOfWork, item: FollowUp, now: datetime) -> list[Outbound]:
        assert item.id is not None
        if item.kind in FOR_ADMINS:
            return await self._agenda(uow, item, now)
        customer = await uow.customers.get(item.customer_id or 0)
        identity = reachable_identity(customer) if customer else None
        if identity is None:
            await uow.follow_ups.finish(item.id, FollowUpState.SKIPPED, now)
            return []
        inbound = self._unwritten(identity)
        # The customer's conversation, held like a message of theirs being handled.
        conversation = await self._turns.hold(uow, inbound.conversation_key, now)
        ran = await conversation.take_turn(
            inbound, lambda turn: send_follow_up(turn, item), customer=customer
        )
        outcome = ran.result
        if outcome.state is FollowUpState.PENDING:  # not now: it said and changed nothing
            assert outcome.until is not None
            await uow.follow_ups.defer(item.id, outcome.until, outcome.why)
            return []
        await uow.follow_ups.finish(item.id, outcome.state, now)
        if outcome.state is FollowUpState.SKIPPED:
            log.info("scheduled %s #%s not sent: %s", item.kind, item.id, outcome.why)
        return ran.outbox

    async def _agenda(self, uow: SqlUnitOfWork, item: FollowUp, now: datetime) -> list[Outbound]:
        assert item.id is not None
        if now - item.due_at > AGENDA_STALE_AFTER:
            await uow.follow_ups.finish(item.id, FollowUpState.SKIPPED, now)
            return []
        messages: list[Outbound] = []
        for admin in self._admins:
            ran = await self._turns.aside(uow, now).take_turn(
                self._unwritten(admin), FOR_ADMINS[item.kind]
            )
            messages += ran.outbox
        await uow.follow_ups.finish(item.id, FollowUpState.SENT, now)
        return messages

    async def _failed(
        self, uow: SqlUnitOfWork, item: FollowUp, exc: Exception, now: datetime
    ) -> list[Outbound]:
        """A fault must not hold back every other message: this one is set aside, told."""
        assert item.id is not None
        log.error("scheduled %s #%s failed", item.kind, item.id, exc_info=exc)
        await uow.follow_ups.finish(item.id, FollowUpState.FAILED, now)
        text = (
            f"Alert: a scheduled {item.kind.replace('_', ' ')} (#{item.id}) could not be sent "
            f"({type(exc).__name__})."
        )
        return [Outbound(a.channel, a.address, text) for a in self._admins]

    def _unwritten(self, to: ChannelIdentity) -> Inbound:
        """What starts a turn in `to`'s conversation that nobody wrote: what it says goes to
        them."""
        return Inbound(to.channel, to.address, f"follow-up:{uuid4().hex}", self._clock.now())


@contextmanager
def _transient_waits() -> Iterator[None]:
    """The database away for a moment: this round waits for the next."""
    try:
        yield
    except Exception as exc:
        if not is_transient(exc):
            raise
        log.warning("scheduled messages wait: %s", type(exc).__name__)
