"""Unsubscribe links (RFC 8058): the address and the kind of e-mail, signed with a key of the
service's own, so that only the one who received the e-mail can stop that kind of e-mail.
They never expire: an old e-mail's link must still work."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.http_input import same_secret
from domain.email import MailTopic

ROUTE = "/email/unsubscribe/{token}"


class UnsubscribeLinks:
    def __init__(self, secret: Callable[[], Awaitable[str]], base_url: str) -> None:
        self._secret = secret  # read on first use: start-up does not wait for the database
        self._base_url = base_url.rstrip("/")
        self._key: bytes | None = None

    async def url(self, address: str, topic: MailTopic) -> str:
        payload = _b64(f"{topic}\0{address}".encode())
        signature = _b64(await self._mac(payload))
        return self._base_url + ROUTE.format(token=f"{payload}.{signature}")

    async def read(self, token: str) -> tuple[str, MailTopic] | None:
        """The address and kind a genuine token names; None for anything else."""
        payload, _, signature = token.partition(".")
        if not same_secret(signature, _b64(await self._mac(payload))):
            return None
        try:
            topic, address = (
                base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode().split("\0")
            )
            return address, MailTopic(topic)
        except ValueError:
            return None

    async def _mac(self, payload: str) -> bytes:
        if self._key is None:
            secret = await self._secret()
            self._key = hashlib.sha256(b"burbgigz unsubscribe\0" + secret.encode()).digest()
        return hmac.new(self._key, payload.encode(), hashlib.sha256).digest()


UNSUBSCRIBE_LINKS = web.AppKey("unsubscribe_links", UnsubscribeLinks)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
