"""build_app(): every resource is created here and started/stopped by aiohttp's cleanup_ctx."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.health import healthz
from bot.keys import BUSINESS, ENGINE, SESSIONS, SETTINGS
from bot.settings import Settings
from domain.business import BusinessConfig
from storage.database import create_engine, create_sessionmaker


def build_app(
    settings: Settings, business: BusinessConfig, *, engine: AsyncEngine | None = None
) -> web.Application:
    """The whole service as an aiohttp app. Tests may hand in an engine they own."""
    app = web.Application()
    app[SETTINGS] = settings
    app[BUSINESS] = business
    app.cleanup_ctx.append(_database(engine))
    app.router.add_get("/healthz", healthz)
    return app


def _database(given: AsyncEngine | None) -> Callable[[web.Application], AsyncIterator[None]]:
    async def database(app: web.Application) -> AsyncIterator[None]:
        engine = given or create_engine(app[SETTINGS].database_url)
        app[ENGINE] = engine
        app[SESSIONS] = create_sessionmaker(engine)
        yield
        if given is None:  # an engine handed in belongs to the caller
            await engine.dispose()

    return database
