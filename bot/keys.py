"""Typed keys for the state every wing reads off the aiohttp application (no module globals).
The keys of the parts the wiring builds (dispatcher, deliverer, channels) live beside it."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from domain.business import BusinessConfig
from domain.ports import Clock, FileStore

SETTINGS = web.AppKey("settings", Settings)
BUSINESS = web.AppKey("business", BusinessConfig)
CLOCK = web.AppKey("clock", Clock)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
FILES = web.AppKey("files", FileStore)
