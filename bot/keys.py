"""Typed keys for the state kept on the aiohttp application (no module globals)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from domain.business import BusinessConfig

SETTINGS = web.AppKey("settings", Settings)
BUSINESS = web.AppKey("business", BusinessConfig)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
