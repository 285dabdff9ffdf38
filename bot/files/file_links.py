"""Signed, expiring links to stored files (GET /f/{token}): for SMS, where files travel as
links, and for Twilio, which fetches WhatsApp media from a URL."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from aiohttp import web

from domain.messages import Attachment
from domain.ports import Clock, FileStore
from storage.files import FileNotStored

ROUTE = "/f/{token}"
DATA_PREFIX = "my-data:"  # a data page's token: whose data, not a stored file
# Shown in the browser rather than downloaded; anything else is a download, sandboxed.
_INLINE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf")


class LinkRefused(Exception):
    """Altered, malformed or expired: the HTTP status says which."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True, slots=True)
class LinkedFile:
    key: str
    content_type: str
    filename: str
    expires: datetime


class SignsLinks(Protocol):
    """A store that hands out its own expiring links (Supabase Storage)."""

    async def signed_url(self, key: str, valid_for: timedelta) -> str: ...


class FileLinks:
    def __init__(
        self,
        secret: Callable[[], Awaitable[str]],
        base_url: str,
        clock: Clock,
        signer: SignsLinks | None = None,
    ) -> None:
        self._secret = secret  # read on first use: start-up does not wait for the database
        self._key: bytes | None = None
        self._base_url = base_url
        self._clock = clock
        self._signer = signer

    async def url(self, attachment: Attachment, valid_for: timedelta) -> str:
        if self._signer is not None:
            return await self._signer.signed_url(attachment.ref, valid_for)
        return f"{self._base_url}/f/{await self._token(attachment, valid_for)}"

    async def data_page(self, customer_id: int, valid_for: timedelta) -> str:
        """The key names no stored file, so /f/ serves nothing for this token."""
        about = Attachment(f"{DATA_PREFIX}{customer_id}", "application/zip", "my-data.zip")
        return f"{self._base_url}/my-data/{await self._token(about, valid_for)}"

    async def _token(self, attachment: Attachment, valid_for: timedelta) -> str:
        expires = int((self._clock.now() + valid_for).timestamp())
        claims = {"k": attachment.ref, "t": attachment.content_type, "n": attachment.filename}
        payload = _b64(json.dumps(claims | {"e": expires}, separators=(",", ":")).encode())
        return f"{payload}.{_b64(await self._sign(payload))}"

    async def open(self, token: str) -> LinkedFile:
        payload, _, signature = token.partition(".")
        try:
            given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        except ValueError:
            given = b""
        if not hmac.compare_digest(given, await self._sign(payload)):
            raise LinkRefused(404, "no such link")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires = datetime.fromtimestamp(claims["e"], self._clock.now().tzinfo)
        if expires < self._clock.now():
            raise LinkRefused(403, "this link has expired")
        return LinkedFile(claims["k"], claims["t"], claims["n"], expires)

    async def ready(self) -> None:
        """Read (or make) the signing secret now, outside any turn: made first inside a turn's
        transaction, it would wait on that transaction's own lock on SQLite."""
        await self._signing_key()

    async def _sign(self, payload: str) -> bytes:
        return hmac.new(await self._signing_key(), payload.encode(), hashlib.sha256).digest()

    async def _signing_key(self) -> bytes:
        if self._key is None:
            secret = await self._secret()
            self._key = hashlib.sha256(b"burbgigz file links\0" + secret.encode()).digest()
        return self._key


async def serve_linked_file(links: FileLinks, files: FileStore, token: str) -> web.Response:
    try:
        linked = await links.open(token)
        if linked.key.startswith(DATA_PREFIX):  # a data page's token names no stored file
            raise LinkRefused(404, "no such link")
        data = await files.get(linked.key)
    except LinkRefused as refused:
        raise _refusal(refused) from None
    except FileNotStored:
        raise web.HTTPNotFound(text="this file is no longer available") from None
    inline = linked.content_type in _INLINE_TYPES
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", linked.filename) or "file"
    headers = {
        "Content-Type": linked.content_type,
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
        "Cache-Control": "private, max-age=300",
        "X-Content-Type-Options": "nosniff",
    }
    if linked.content_type != "application/pdf":  # browsers show no PDF in a sandboxed page
        headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return web.Response(body=data, headers=headers)


def _refusal(refused: LinkRefused) -> web.HTTPException:
    if refused.status == 403:
        return web.HTTPForbidden(text=str(refused))
    return web.HTTPNotFound(text=str(refused))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


FILE_LINKS = web.AppKey("file_links", FileLinks)
