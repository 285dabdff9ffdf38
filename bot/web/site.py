"""What the web pages share: the channel, the session signer, the console's token and its
sign-in limiter, and how cookies are set."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web
from multidict import MultiDict
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from yarl import URL

from bot.files.file_links import FileLinks
from bot.http_input import read_form
from bot.web.admin_token import AdminToken
from bot.web.channel import WebChannel
from bot.web.commit_signals import Changes
from bot.web.signing import Signer
from domain.clean_text import clean_text
from storage.shared_limits import add_sign_in_failure, recent_sign_in_failures

SIGN_IN_TRIES = 5
SIGN_IN_WINDOW = timedelta(minutes=15)  # real time: this guards the door, not the business


class SignInLimiter:
    """At most SIGN_IN_TRIES failed sign-ins per address in SIGN_IN_WINDOW, counted in
    the database, so every process sees the same count."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def blocked(self, who: str) -> bool:
        since = datetime.now(UTC) - SIGN_IN_WINDOW
        return await recent_sign_in_failures(self._sessions, who, since) >= SIGN_IN_TRIES

    async def failed(self, who: str) -> None:
        now = datetime.now(UTC)
        await add_sign_in_failure(self._sessions, who, now, forget_before=now - SIGN_IN_WINDOW)


@dataclass
class WebSite:
    channel: WebChannel
    signer: Signer
    links: FileLinks
    admin_token: AdminToken
    limiter: SignInLimiter
    base_url: str
    proxy_hops: int = 0  # TRUSTED_PROXY_HOPS
    files_url: str | None = None  # SUPABASE_URL when the files live there: its signed links
    body_seconds: float = 20.0  # REQUEST_BODY_SECONDS
    changes: Changes = field(default_factory=Changes)
    # Open pages, ended at shutdown so a stop does not wait on them.
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    async def token_tag(self) -> str:
        """A session records which admin token it was signed in with (not the token)."""
        token = await self.admin_token.value()
        return hashlib.sha256(b"burbgigz admin token\0" + token.encode()).hexdigest()[:16]

    def client_address(self, request: web.Request) -> str:
        """Who is asking, for the sign-in limit. Behind N proxies each appends the address it
        saw to X-Forwarded-For, so the Nth from the right is the client as our outermost proxy
        saw it; anything further left is whatever the client wrote, and is ignored."""
        seen = [
            hop.strip()
            for header in request.headers.getall("X-Forwarded-For", [])
            for hop in header.split(",")
            if hop.strip()
        ]
        if self.proxy_hops and seen:
            return seen[-min(self.proxy_hops, len(seen))]
        return request.remote or "unknown"

    @property
    def image_sources(self) -> tuple[str, ...]:
        """Where the pictures in a chat come from: file links are built on PUBLIC_BASE_URL
        (which need not be the address the page was opened at) or point at Supabase."""
        urls = (self.base_url, self.files_url) if self.files_url else (self.base_url,)
        return tuple(str(URL(url).origin()) for url in urls)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


FORM_VALUE_LIMIT = 2000  # a page's longest field (a problem described) with room to spare
WEB_SITE = web.AppKey("web_site", WebSite)


async def posted_form(request: web.Request) -> MultiDict[str]:
    """A page's form, read within the site's body limits (UTF-8 only; a 4xx otherwise), each
    value cleaned as the chat's text is (no NUL, no lone surrogate, at most FORM_VALUE_LIMIT)."""
    form = await read_form(request, request.app[WEB_SITE].body_seconds)
    return MultiDict((key, clean_text(value, FORM_VALUE_LIMIT)) for key, value in form.items())
