"""What the web pages share: the channel, the session signer, the console's token and its
sign-in limiter, and how cookies are set."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field

from aiohttp import web
from multidict import MultiDict
from yarl import URL

from bot.files.file_links import FileLinks
from bot.http_input import read_form
from bot.web.admin_token import AdminToken
from bot.web.channel import WebChannel
from bot.web.commit_signals import Changes
from bot.web.signing import Signer
from domain.clean_text import clean_text

SIGN_IN_TRIES = 5
SIGN_IN_WINDOW_SECONDS = 15 * 60
MAX_ADDRESSES = 10_000


class SignInLimiter:
    """At most SIGN_IN_TRIES failed sign-ins per address in SIGN_IN_WINDOW_SECONDS."""

    def __init__(self) -> None:
        self._failures: dict[str, list[float]] = {}

    def blocked(self, who: str) -> bool:
        return len(self._recent(who)) >= SIGN_IN_TRIES

    def failed(self, who: str) -> None:
        if len(self._failures) > MAX_ADDRESSES:  # forget addresses whose window has passed
            for address in list(self._failures):
                self._recent(address)
        self._failures[who] = [*self._recent(who), time.monotonic()]

    def _recent(self, who: str) -> list[float]:
        cutoff = time.monotonic() - SIGN_IN_WINDOW_SECONDS
        recent = [t for t in self._failures.pop(who, []) if t > cutoff]
        if recent:
            self._failures[who] = recent
        return recent


@dataclass
class WebSite:
    channel: WebChannel
    signer: Signer
    links: FileLinks
    admin_token: AdminToken
    base_url: str
    proxy_hops: int = 0  # TRUSTED_PROXY_HOPS
    files_url: str | None = None  # SUPABASE_URL when the files live there: its signed links
    body_seconds: float = 20.0  # REQUEST_BODY_SECONDS
    limiter: SignInLimiter = field(default_factory=SignInLimiter)
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
