"""Two service processes on one database (Postgres, and SQLite's file): each with its own
engine, poller and deliverer, sending through the Telegram stand-in with the real client.
Every reminder reaches its customer exactly once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter, ExtBot

from bot.channels.telegram_send import TelegramSender
from bot.delivery.deliverer import Deliverer
from bot.scheduled.follow_up_poller import FollowUpPoller
from domain.appointments import Appointment, VisitMode
from domain.customers import Channel, ChannelIdentity, Customer
from domain.follow_ups import FollowUp, FollowUpKind, reminder_key
from domain.jobs import Actor, Job, JobStatus
from storage.database import create_engine, create_sessionmaker
from storage.files import LocalFileStore
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.telegram_api import FakeBotApi
from tests.support.clock import MovableClock
from tests.support.scene import ADMIN, services_for

REMINDERS = 240
FIRST_CHAT = 10_000


async def plan_due_reminders(database_url: str, clock: MovableClock) -> None:
    """Customers with a remote visit each, their one-hour reminders due now."""
    engine = create_engine(database_url)
    now = clock.now()
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        for n in range(REMINDERS):
            identity = ChannelIdentity(Channel.TELEGRAM, str(FIRST_CHAT + n))
            customer = await uow.customers.add(Customer(f"Customer {n}", identities=[identity]))
            assert customer.id is not None
            job = Job(customer.id, "No internet", "remote-support")
            job.open(now, Actor.CUSTOMER)
            job.transition(JobStatus.SCHEDULED, at=now, actor=Actor.CUSTOMER)
            job = await uow.jobs.add(job)
            assert job.id is not None
            start = now + timedelta(hours=1, minutes=5 * n)  # one five-minute cell each
            visit = await uow.appointments.add(
                Appointment(job.id, start, start + timedelta(minutes=5), VisitMode.REMOTE, None)
            )
            assert visit.id is not None
            reminder = FollowUp(
                FollowUpKind.REMINDER,
                reminder_key(visit.id, 60, start),
                now - timedelta(minutes=1),
                job_id=job.id,
                customer_id=customer.id,
                appointment_id=visit.id,
            )
            await uow.follow_ups.add(reminder, now)
        await uow.commit()
    await engine.dispose()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_two_processes_send_each_reminder_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    clock = MovableClock()
    await plan_due_reminders(database_url, clock)
    async with FakeBotApi() as api:
        processes = []
        for _ in range(2):
            engine = create_engine(database_url)
            sessions = create_sessionmaker(engine)
            limiter = AIORateLimiter(overall_max_rate=1000, max_retries=0)  # as in production
            bot: ExtBot[int] = ExtBot(api.token, base_url=api.base_url, rate_limiter=limiter)
            await bot.initialize()
            deliverer = Deliverer(sessions, clock=clock, admins=(ADMIN,))
            deliverer.add_sender(Channel.TELEGRAM, TelegramSender(bot, LocalFileStore(tmp_path)))
            services = services_for(clock, LocalFileStore(tmp_path), admins=())
            poller = FollowUpPoller(sessions, services, outlet=deliverer)
            processes.append((engine, bot, deliverer, poller))
        try:
            for _ in range(3):  # rounds racing each other, then rounds finding nothing
                await asyncio.gather(*(poller.run() for *_, poller in processes))
            await asyncio.gather(*(deliverer.settled() for _, _, deliverer, _ in processes))
            await asyncio.gather(*(deliverer.deliver_due() for _, _, deliverer, _ in processes))
        finally:
            for engine, bot, _, _ in processes:
                await bot.shutdown()
                await engine.dispose()
        sent = api.calls_to("sendMessage")
        chats = sorted(int(call["chat_id"]) for call in sent)
        assert chats == list(range(FIRST_CHAT, FIRST_CHAT + REMINDERS))
        assert all(call["text"].startswith("Reminder: BG-") for call in sent)
