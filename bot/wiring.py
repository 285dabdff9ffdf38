"""The conversation core, built once from the settings: the services every turn uses, the
channels, the dispatcher, the deliverer, the scheduled work and the web site, each put on the
app under its key. Nothing starts here; bot/lifecycle.py starts and stops what this builds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.business import slot_finder
from bot.calendars.google_setup import GoogleCalendar, google_calendar
from bot.calendars.invites import IcsInvites
from bot.channels.base import MediaSource
from bot.channels.email_compose import Letterhead
from bot.channels.email_links import UNSUBSCRIBE_LINKS, UnsubscribeLinks
from bot.channels.email_send import EmailSender
from bot.channels.telegram import TelegramChannel
from bot.channels.twilio import TwilioChannel
from bot.delivery.deliverer import Deliverer
from bot.delivery.pacing import Pace, Pacer
from bot.delivery.shared_pacing import SharedPacer
from bot.eskomsepush import EskomSePush
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FILE_LINKS, FileLinks
from bot.intake.dispatcher import Dispatcher
from bot.keys import BUSINESS, CLOCK, FILES, SESSIONS, SETTINGS
from bot.log import scrub_too
from bot.payments.intake import PaymentIntake
from bot.payments.provider import Provider, payment_provider
from bot.payments.reconcile import Reconciliation
from bot.payments.webhooks import PAYMENT_WEBHOOKS, PaymentWebhooks
from bot.processes.together import Together
from bot.scheduled.follow_up_poller import FollowUpPoller
from bot.scheduled.google_pusher import GooglePusher
from bot.scheduled.retention import RetentionSweep
from bot.settings import Settings
from bot.web.admin_token import AdminToken
from bot.web.channel import CONSOLE_ADDRESS, WebChannel
from bot.web.commit_signals import Changes
from bot.web.portal.desk import PORTAL, PortalDesk
from bot.web.portal_pages.actions import PORTAL_ACTIONS, PortalActions
from bot.web.signing import Signer
from bot.web.site import WEB_SITE, SignInLimiter, WebSite
from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity
from domain.ports import Clock, FileStore
from handlers.kernel.services import Services
from handlers.routes import ADMIN_COMMANDS, CUSTOMER_COMMANDS
from storage.database import normalize_database_url
from storage.repositories.secrets import stored_secret
from storage.supabase_files import SupabaseFileStore

DISPATCHER = web.AppKey("dispatcher", Dispatcher)
DELIVERER = web.AppKey("deliverer", Deliverer)
TELEGRAM = web.AppKey[TelegramChannel | None]("telegram")
TWILIO = web.AppKey[TwilioChannel | None]("twilio")
FOLLOW_UPS = web.AppKey("follow_ups", FollowUpPoller)
RECONCILIATION = web.AppKey[Reconciliation | None]("reconciliation")
TOGETHER = web.AppKey("together", Together)


@dataclass(frozen=True)
class Core:
    """What the lifecycle starts and stops."""

    dispatcher: Dispatcher
    deliverer: Deliverer
    telegram: TelegramChannel | None
    twilio: TwilioChannel | None
    follow_ups: FollowUpPoller
    sweep: RetentionSweep
    console_token: AdminToken
    power: EskomSePush | None
    together: Together
    payments: Provider | None = None
    reconciliation: Reconciliation | None = None
    google: GoogleCalendar | None = None
    google_pusher: GooglePusher | None = None


def admin_chats(settings: Settings) -> tuple[ChannelIdentity, ...]:
    """The technician's chats. The web console is always one: alone when Telegram is not set
    up, beside it (with every alert) when it is."""
    telegram = tuple(
        ChannelIdentity(Channel.TELEGRAM, str(chat_id))
        for chat_id in settings.telegram_admin_chat_ids
    )
    return (*telegram, ChannelIdentity(Channel.WEB, CONSOLE_ADDRESS))


def turn_services(
    settings: Settings,
    business: BusinessConfig,
    clock: Clock,
    files: FileStore,
    links: FileLinks,
    power: EskomSePush | None = None,
    payments: Provider | None = None,
    google: GoogleCalendar | None = None,
) -> Services:
    """The one bundle every turn gets, messages and scheduled ones alike."""
    return Services(
        clock=clock,
        business=business,
        admins=admin_chats(settings),
        calendar=slot_finder(
            business,
            settings.business_zone,
            warn_of_power_cuts=settings.loadshedding_offer_with_warning,
        ),
        files=files,
        links=links,
        paper=PdfDocuments(),
        charts=MatplotlibCharts(),
        public_url=settings.base_url,
        power=power,
        invites=IcsInvites(settings.business_zone),
        sends_email=settings.smtp_host is not None,
        proving_channel=proving_channel(settings),
        payments=payments.links if payments else None,
        busy=google.busy if google else None,
    )


def proving_channel(settings: Settings) -> Channel | None:
    """How codes reach numbers not yet proven: SMS; else WhatsApp, only with an approved
    authentication template (a new number has no open window); else none."""
    if not settings.twilio_enabled:
        return None
    if settings.twilio_sms_from:
        return Channel.SMS
    if settings.twilio_whatsapp_from and settings.twilio_whatsapp_auth_template_sid:
        return Channel.WHATSAPP
    return None


def load_shedding_source(settings: Settings) -> EskomSePush | None:
    """EskomSePush's schedule when a token is set; else only the technician's cuts count."""
    if settings.eskomsepush_token is None:
        return None
    return EskomSePush(
        settings.eskomsepush_token.get_secret_value(),
        settings.eskomsepush_api_base_url,
        timedelta(minutes=settings.eskomsepush_refresh_minutes),
    )


@dataclass(frozen=True)
class _Switchboard:
    """What every channel is plugged into: intake through the dispatcher, sending through the
    deliverer, and `media`, which the dispatcher asks for a message's files."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    files: FileStore
    links: FileLinks
    services: Services
    dispatcher: Dispatcher
    deliverer: Deliverer
    media: dict[Channel, MediaSource]
    together: Together


async def wire(app: web.Application) -> Core:
    settings, sessions, clock, files = app[SETTINGS], app[SESSIONS], app[CLOCK], app[FILES]
    signer = files if isinstance(files, SupabaseFileStore) else None  # its own signed URLs
    links = FileLinks(
        lambda: stored_secret(sessions, "file_link_key"), settings.base_url, clock, signer
    )
    power = load_shedding_source(settings)
    payments = payment_provider(settings, app[BUSINESS])
    google = google_calendar(settings, clock)
    services = turn_services(settings, app[BUSINESS], clock, files, links, power, payments, google)
    deliverer = Deliverer(
        sessions, clock=clock, admins=services.admins, max_attempts=settings.delivery_max_attempts
    )
    media: dict[Channel, MediaSource] = {}
    changes = Changes()  # open status pages look again when a conversation changed something
    together = Together(settings, changed=changes.bump)  # and those of other processes too
    committed = together.committed(changes.bump)
    dispatcher = Dispatcher(sessions, services, media=media, outlet=deliverer, committed=committed)
    board = _Switchboard(
        settings, sessions, files, links, services, dispatcher, deliverer, media, together
    )
    telegram = await _telegram(board)
    twilio = _twilio(board)
    app[UNSUBSCRIBE_LINKS] = _email(board)
    console_token = AdminToken(settings, sessions)
    web_chat = _web_chat(board)
    together.web_chat(web_chat)
    app[WEB_SITE] = WebSite(
        web_chat,
        Signer(lambda: stored_secret(sessions, "web_session_key")),
        links,
        admin_token=console_token,
        limiter=SignInLimiter(sessions),
        base_url=settings.base_url,
        proxy_hops=settings.trusted_proxy_hops,
        body_seconds=settings.request_body_seconds,
        changes=changes,
        files_url=settings.supabase_url if settings.files_backend == "supabase" else None,
    )
    app[PORTAL_ACTIONS] = PortalActions(sessions, services, deliverer, changes)
    follow_ups = FollowUpPoller(sessions, services, outlet=deliverer)
    keep_files = timedelta(days=settings.files_retention_days)
    sweep = RetentionSweep(sessions, files, clock, keep_files, app[BUSINESS].privacy)
    reconciliation = None
    app[PAYMENT_WEBHOOKS] = None
    if payments is not None:
        intake = PaymentIntake(sessions, services, deliverer)
        app[PAYMENT_WEBHOOKS] = PaymentWebhooks(intake, payments.yoco_hooks, payments.paystack_key)
        reconciliation = Reconciliation(sessions, payments.links, intake, clock)
    app[RECONCILIATION] = reconciliation
    app[DISPATCHER] = dispatcher
    app[DELIVERER] = deliverer
    app[TELEGRAM] = telegram
    app[TWILIO] = twilio
    app[FILE_LINKS] = links
    app[PORTAL] = PortalDesk(deliverer, services)
    app[FOLLOW_UPS] = follow_ups
    app[TOGETHER] = together
    pusher = None
    if google is not None:
        pusher = GooglePusher(
            sessions,
            google.api,
            clock=clock,
            business=app[BUSINESS],
            zone=settings.business_zone,
            admins=services.admins,
            outlet=deliverer,
        )
    return Core(
        dispatcher,
        deliverer,
        telegram,
        twilio,
        follow_ups,
        sweep,
        console_token,
        power,
        together,
        payments,
        reconciliation,
        google,
        pusher,
    )


async def _telegram(board: _Switchboard) -> TelegramChannel | None:
    settings = board.settings
    if settings.telegram_bot_token is None:
        return None
    configured = settings.telegram_webhook_secret
    if configured is not None:
        secret = configured.get_secret_value()
    else:
        secret = await stored_secret(board.sessions, "telegram_webhook_secret")
        scrub_too(secret)
    telegram = TelegramChannel(
        settings,
        board.files,
        board.dispatcher.accept,
        webhook_secret=secret,
        customer_commands=CUSTOMER_COMMANDS,
        admin_commands=ADMIN_COMMANDS,
        polling=board.together.leadership("Telegram long polling"),
    )
    pace = _pace(
        board,
        Channel.TELEGRAM,
        settings.telegram_max_messages_per_second,
        settings.telegram_messages_per_chat_per_second,
    )
    board.deliverer.add_sender(Channel.TELEGRAM, telegram.sender, pace)
    board.media[Channel.TELEGRAM] = telegram.sender
    return telegram


def _twilio(board: _Switchboard) -> TwilioChannel | None:
    settings = board.settings
    if not settings.twilio_enabled:
        return None
    twilio = TwilioChannel(
        settings,
        board.sessions,
        board.services.clock,
        links=board.links,
        deliverer=board.deliverer,
        accept=board.dispatcher.accept,
        admins=board.services.admins,
    )
    # Each channel sends from its own number, each number with its own rate.
    sms_pace = _pace(board, Channel.SMS, settings.twilio_messages_per_second)
    whatsapp_pace = _pace(board, Channel.WHATSAPP, settings.twilio_messages_per_second)
    board.deliverer.add_sender(Channel.SMS, twilio.sms, sms_pace)
    board.deliverer.add_sender(Channel.WHATSAPP, twilio.whatsapp, whatsapp_pace)
    board.media[Channel.SMS] = board.media[Channel.WHATSAPP] = twilio.api
    return twilio


def _email(board: _Switchboard) -> UnsubscribeLinks:
    """The e-mail channel, when an SMTP relay is set; its unsubscribe links in any case (an
    e-mail sent before the relay was unset still carries one)."""
    settings = board.settings
    links = UnsubscribeLinks(
        lambda: stored_secret(board.sessions, "email_link_key"), settings.base_url
    )
    if settings.smtp_host is None or settings.email_from is None:
        return links
    head = Letterhead(settings.email_from, board.services.business.business, settings.base_url)
    sender = EmailSender(settings, head, board.sessions, board.files, links)
    board.deliverer.add_sender(Channel.EMAIL, sender)
    return links


def _pace(
    board: _Switchboard, channel: Channel, overall: float, per_recipient: float | None = None
) -> Pace:
    """On Postgres every process takes its turns in the database, so together they keep to
    the platform's limit; on SQLite the one process paces itself."""
    if normalize_database_url(board.settings.database_url).get_backend_name() == "postgresql":
        return SharedPacer(board.sessions, channel.value, overall, per_recipient)
    return Pacer(overall, per_recipient)


def _web_chat(board: _Switchboard) -> WebChannel:
    web_chat = WebChannel(
        board.sessions, board.files, board.links, board.services.clock, board.dispatcher.accept
    )
    board.deliverer.add_sender(Channel.WEB, web_chat)
    board.media[Channel.WEB] = web_chat
    return web_chat
