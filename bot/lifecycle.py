"""The conversation core's lifetime, as an aiohttp cleanup_ctx: wired (bot/wiring.py), started,
and at the end stopped in the order that loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import suppress

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.files.file_links import FILE_LINKS
from bot.keys import SETTINGS
from bot.payments.reconcile import EVERY_SECONDS as RECONCILE_EVERY_SECONDS
from bot.scheduled.follow_up_poller import POLL_SECONDS as FOLLOW_UP_POLL_SECONDS
from bot.scheduled.google_pusher import POLL_SECONDS as GOOGLE_POLL_SECONDS
from bot.tasks import InFlight, spawn
from bot.wiring import wire

RESUME_EVERY_SECONDS = 5
RETENTION_EVERY_SECONDS = 6 * 3600
# Within the contract's 10 s for a clean stop, after aiohttp has closed the HTTP side.
HANDLING_GRACE_SECONDS = 2.0
DELIVERY_GRACE_SECONDS = 2.0


async def conversation_core(app: web.Application) -> AsyncIterator[None]:
    core = await wire(app)
    core.together.start()
    announcing = spawn(core.console_token.announce())
    spawn(app[FILE_LINKS].ready())  # before the first turn needs a link (see FileLinks.ready)
    scheduler = AsyncIOScheduler(timezone=app[SETTINGS].business_zone)
    jobs = InFlight()
    duties = core.together.duties
    every: list[tuple[Callable[[], Awaitable[object]], int]] = [
        # Whatever a crash, a retry or another process left waiting is picked up here.
        (core.dispatcher.resume, RESUME_EVERY_SECONDS),
        # With several processes, one at a time runs each round (bot/processes/leader.py).
        (duties.once("retention", core.sweep.run), RETENTION_EVERY_SECONDS),
        # Reminders, the morning agenda, surveys...: rows in the database, fired when due by
        # every process (each claims its own rows); what recurs is planned by one.
        (duties.once("follow-up planning", core.follow_ups.plan), FOLLOW_UP_POLL_SECONDS),
        (core.follow_ups.fire_due, FOLLOW_UP_POLL_SECONDS),
    ]
    if core.reconciliation is not None:  # links still unpaid, asked about at the provider
        every.append(
            (duties.once("reconciliation", core.reconciliation.run), RECONCILE_EVERY_SECONDS)
        )
    if core.google_pusher is not None:  # visits to the technician's Google Calendar
        push = duties.once("google-calendar", core.google_pusher.run)
        every.append((push, GOOGLE_POLL_SECONDS))
    for run, seconds in every:
        scheduler.add_job(
            jobs.tracked(run), IntervalTrigger(seconds=seconds), max_instances=1, coalesce=True
        )
    scheduler.start()
    core.deliverer.start()
    await core.dispatcher.resume()
    if core.telegram is not None:
        await core.telegram.start()

    yield

    # Before the engine goes: a read still in flight may finish (cancelling a query midway can
    # leave its connection hanging), else it is ended here, not left to the loop.
    await asyncio.wait({announcing}, timeout=HANDLING_GRACE_SECONDS)
    announcing.cancel()
    with suppress(asyncio.CancelledError):
        await announcing
    if core.telegram is not None:
        await core.telegram.stop_intake()
    scheduler.shutdown(wait=False)
    await jobs.finish(HANDLING_GRACE_SECONDS)
    await core.dispatcher.stop(HANDLING_GRACE_SECONDS)
    await core.deliverer.stop(DELIVERY_GRACE_SECONDS)
    if core.telegram is not None:
        await core.telegram.close()
    if core.twilio is not None:
        await core.twilio.close()
    if core.power is not None:
        await core.power.close()
    if core.payments is not None:
        await core.payments.links.close()
    if core.google is not None:
        await core.google.api.close()
    await core.together.stop()
