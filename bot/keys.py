"""Typed keys for the state kept on the aiohttp application (no module globals)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.telegram import TelegramChannel
from bot.channels.twilio import TwilioChannel
from bot.deliverer import Deliverer
from bot.dispatcher import Dispatcher
from bot.file_links import FileLinks
from bot.follow_up_poller import FollowUpPoller
from bot.settings import Settings
from bot.web.site import WebSite
from domain.business import BusinessConfig
from domain.ports import Clock, FileStore

SETTINGS = web.AppKey("settings", Settings)
BUSINESS = web.AppKey("business", BusinessConfig)
CLOCK = web.AppKey("clock", Clock)
ENGINE = web.AppKey("engine", AsyncEngine)
SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
DISPATCHER = web.AppKey("dispatcher", Dispatcher)
DELIVERER = web.AppKey("deliverer", Deliverer)
TELEGRAM = web.AppKey[TelegramChannel | None]("telegram")
TWILIO = web.AppKey[TwilioChannel | None]("twilio")
FILES = web.AppKey("files", FileStore)
FILE_LINKS = web.AppKey("file_links", FileLinks)
WEB_SITE = web.AppKey("web_site", WebSite)
FOLLOW_UPS = web.AppKey("follow_ups", FollowUpPoller)
