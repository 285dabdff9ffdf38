"""The conversation core's lifetime: channels, dispatcher, deliverer and the recovery poller."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import timedelta

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.business import slot_finder
from bot.channels.base import MediaSource
from bot.channels.telegram import TelegramChannel
from bot.channels.twilio import TwilioChannel
from bot.delivery.deliverer import Deliverer
from bot.delivery.pacing import Pacer
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FILE_LINKS, FileLinks
from bot.intake.dispatcher import Dispatcher
from bot.keys import BUSINESS, CLOCK, FILES, SESSIONS, SETTINGS
from bot.log import scrub_too
from bot.scheduled.follow_up_poller import POLL_SECONDS as FOLLOW_UP_POLL_SECONDS
from bot.scheduled.follow_up_poller import FollowUpPoller
from bot.scheduled.retention import RetentionSweep
from bot.tasks import InFlight, spawn
from bot.web.admin_token import AdminToken
from bot.web.channel import CONSOLE_ADDRESS, WebChannel
from bot.web.commit_signals import Changes
from bot.web.signing import Signer
from bot.web.site import WEB_SITE, WebSite
from domain.customers import Channel, ChannelIdentity
from handlers.routes import CUSTOMER_COMMANDS
from handlers.technician.admin import ADMIN_COMMANDS
from storage.repositories.secrets import stored_secret
from storage.supabase_files import SupabaseFileStore

DISPATCHER = web.AppKey("dispatcher", Dispatcher)
DELIVERER = web.AppKey("deliverer", Deliverer)
TELEGRAM = web.AppKey[TelegramChannel | None]("telegram")
TWILIO = web.AppKey[TwilioChannel | None]("twilio")
FOLLOW_UPS = web.AppKey("follow_ups", FollowUpPoller)

log = logging.getLogger(__name__)

RESUME_EVERY_SECONDS = 5
RETENTION_EVERY_SECONDS = 6 * 3600
# Within the contract's 10 s for a clean stop, after aiohttp has closed the HTTP side.
HANDLING_GRACE_SECONDS = 2.0
DELIVERY_GRACE_SECONDS = 2.0


async def conversation_core(app: web.Application) -> AsyncIterator[None]:
    settings, sessions, clock = app[SETTINGS], app[SESSIONS], app[CLOCK]
    files = app[FILES]
    admins = tuple(
        ChannelIdentity(Channel.TELEGRAM, str(chat_id))
        for chat_id in settings.telegram_admin_chat_ids
    )
    # The web console is always an admin chat: alone when Telegram is not set up, beside it
    # (with every alert) when it is.
    admins += (ChannelIdentity(Channel.WEB, CONSOLE_ADDRESS),)
    deliverer = Deliverer(
        sessions, clock=clock, admins=admins, max_attempts=settings.delivery_max_attempts
    )
    signer = files if isinstance(files, SupabaseFileStore) else None  # its own signed URLs
    links = FileLinks(
        lambda: stored_secret(sessions, "file_link_key"), settings.base_url, clock, signer
    )
    media: dict[Channel, MediaSource] = {}
    changes = Changes()  # open status pages look again when a conversation changed something
    dispatcher = Dispatcher(
        sessions,
        business=app[BUSINESS],
        clock=clock,
        files=files,
        admins=admins,
        media=media,
        outlet=deliverer,
        calendar=slot_finder(app[BUSINESS], settings.business_zone),
        links=links,
        paper=PdfDocuments(),
        charts=MatplotlibCharts(),
        public_url=settings.base_url,
        committed=changes.bump,
    )
    telegram = None
    if settings.telegram_bot_token is not None:
        configured = settings.telegram_webhook_secret
        if configured is not None:
            secret = configured.get_secret_value()
        else:
            secret = await stored_secret(sessions, "telegram_webhook_secret")
            scrub_too(secret)
        telegram = TelegramChannel(
            settings,
            files,
            dispatcher.accept,
            webhook_secret=secret,
            customer_commands=CUSTOMER_COMMANDS,
            admin_commands=ADMIN_COMMANDS,
        )
        telegram_pace = Pacer(
            settings.telegram_max_messages_per_second,
            settings.telegram_messages_per_chat_per_second,
        )
        deliverer.add_sender(Channel.TELEGRAM, telegram.sender, telegram_pace)
        media[Channel.TELEGRAM] = telegram.sender
    twilio = None
    if settings.twilio_enabled:
        twilio = TwilioChannel(
            settings,
            sessions,
            clock,
            links=links,
            deliverer=deliverer,
            accept=dispatcher.accept,
            admins=admins,
        )
        # Each channel sends from its own number, each number with its own rate.
        sms_pace = Pacer(settings.twilio_messages_per_second)
        whatsapp_pace = Pacer(settings.twilio_messages_per_second)
        deliverer.add_sender(Channel.SMS, twilio.sms, sms_pace)
        deliverer.add_sender(Channel.WHATSAPP, twilio.whatsapp, whatsapp_pace)
        media[Channel.SMS] = media[Channel.WHATSAPP] = twilio.api
    console_token = AdminToken(settings, sessions)
    announcing = spawn(console_token.announce())
    web_chat = WebChannel(sessions, files, links, clock, dispatcher.accept)
    deliverer.add_sender(Channel.WEB, web_chat)
    media[Channel.WEB] = web_chat
    app[WEB_SITE] = WebSite(
        web_chat,
        Signer(lambda: stored_secret(sessions, "web_session_key")),
        links,
        admin_token=console_token,
        base_url=settings.base_url,
        proxy_hops=settings.trusted_proxy_hops,
        changes=changes,
        files_url=settings.supabase_url if settings.files_backend == "supabase" else None,
    )
    app[DISPATCHER] = dispatcher
    app[DELIVERER] = deliverer
    app[TELEGRAM] = telegram
    app[TWILIO] = twilio
    app[FILE_LINKS] = links

    scheduler = AsyncIOScheduler(timezone=settings.business_zone)
    jobs = InFlight()
    # Whatever a crash, a retry or another process left waiting is picked up here.
    scheduler.add_job(
        jobs.tracked(dispatcher.resume),
        IntervalTrigger(seconds=RESUME_EVERY_SECONDS),
        max_instances=1,
        coalesce=True,
    )
    sweep = RetentionSweep(sessions, files, clock, timedelta(days=settings.files_retention_days))
    scheduler.add_job(
        jobs.tracked(sweep.run),
        IntervalTrigger(seconds=RETENTION_EVERY_SECONDS),
        max_instances=1,
        coalesce=True,
    )
    follow_ups = FollowUpPoller(
        sessions,
        outlet=deliverer,
        clock=clock,
        business=app[BUSINESS],
        calendar=slot_finder(app[BUSINESS], settings.business_zone),
        admins=admins,
    )
    app[FOLLOW_UPS] = follow_ups
    # Reminders, the morning agenda, surveys...: rows in the database, fired when due.
    scheduler.add_job(
        jobs.tracked(follow_ups.run),
        IntervalTrigger(seconds=FOLLOW_UP_POLL_SECONDS),
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    deliverer.start()
    await dispatcher.resume()
    if telegram is not None:
        await telegram.start()

    yield

    # Before the engine goes: a read still in flight may finish (cancelling a query midway can
    # leave its connection hanging), else it is ended here, not left to the loop.
    await asyncio.wait({announcing}, timeout=HANDLING_GRACE_SECONDS)
    announcing.cancel()
    with suppress(asyncio.CancelledError):
        await announcing
    if telegram is not None:
        await telegram.stop_intake()
    scheduler.shutdown(wait=False)
    await jobs.finish(HANDLING_GRACE_SECONDS)
    await dispatcher.stop(HANDLING_GRACE_SECONDS)
    await deliverer.stop(DELIVERY_GRACE_SECONDS)
    if telegram is not None:
        await telegram.close()
    if twilio is not None:
        await twilio.close()
