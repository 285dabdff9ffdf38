"""build_app(): every resource is created here and started/stopped by aiohttp's cleanup_ctx."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.telegram import WEBHOOK_PATH
from bot.channels.twilio import INBOUND_PATH, TwilioChannel
from bot.channels.twilio_send import STATUS_PATH
from bot.clock import SystemClock
from bot.files.file_links import FILE_LINKS, serve_linked_file
from bot.files.file_links import ROUTE as FILE_ROUTE
from bot.files.file_store import file_store
from bot.health import healthz
from bot.http_input import MAX_BODY_BYTES, body_time_limit, quiet_malformed_requests
from bot.keys import BUSINESS, CLOCK, ENGINE, FILES, SESSIONS, SETTINGS
from bot.lifecycle import conversation_core
from bot.payments.webhooks import PAYSTACK_PATH, YOCO_PATH, paystack_webhook, yoco_webhook
from bot.settings import Settings
from bot.web.routes import add_web_routes
from bot.wiring import TELEGRAM, TWILIO
from domain.business import BusinessConfig
from domain.ports import Clock
from storage.database import create_engine, create_sessionmaker


def build_app(
    settings: Settings,
    business: BusinessConfig,
    *,
    engine: AsyncEngine | None = None,
    clock: Clock | None = None,
) -> web.Application:
    """The whole service as an aiohttp app. Tests may hand in an engine they own, or a clock."""
    quiet_malformed_requests()
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[body_time_limit(settings.request_body_seconds)],
    )
    app[SETTINGS] = settings
    app[BUSINESS] = business
    app[CLOCK] = clock or SystemClock()
    app.cleanup_ctx.append(_database(engine))
    app.cleanup_ctx.append(file_store)
    app.cleanup_ctx.append(conversation_core)
    app.router.add_get("/healthz", healthz)
    app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    app.router.add_post(INBOUND_PATH, twilio_inbound)
    app.router.add_post(STATUS_PATH, twilio_status)
    app.router.add_get(FILE_ROUTE, linked_file)
    app.router.add_post(YOCO_PATH, yoco_webhook)
    app.router.add_post(PAYSTACK_PATH, paystack_webhook)
    add_web_routes(app)
    return app


async def telegram_webhook(request: web.Request) -> web.Response:
    telegram = request.app[TELEGRAM]
    if telegram is None:
        raise web.HTTPNotFound(text="the Telegram channel is not configured")
    return await telegram.webhook(request)


async def twilio_inbound(request: web.Request) -> web.Response:
    return await _twilio(request).inbound(request)


async def twilio_status(request: web.Request) -> web.Response:
    return await _twilio(request).status(request)


def _twilio(request: web.Request) -> TwilioChannel:
    twilio = request.app[TWILIO]
    if twilio is None:
        raise web.HTTPNotFound(text="the Twilio channels are not configured")
    return twilio


async def linked_file(request: web.Request) -> web.Response:
    app = request.app
    return await serve_linked_file(app[FILE_LINKS], app[FILES], request.match_info["token"])


def _database(given: AsyncEngine | None) -> Callable[[web.Application], AsyncIterator[None]]:
    async def database(app: web.Application) -> AsyncIterator[None]:
        engine = given or create_engine(
            app[SETTINGS].database_url, pool_size=app[SETTINGS].database_pool_size
        )
        app[ENGINE] = engine
        app[SESSIONS] = create_sessionmaker(engine)
        yield
        if given is None:  # an engine handed in belongs to the caller
            await engine.dispose()

    return database
