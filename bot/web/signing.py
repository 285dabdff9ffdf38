"""HMAC-signed tokens for the web chat's and the console's session cookies, and the CSRF
tokens derived from a session; the same pattern as the signed file links."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.http_input import same_secret


class Signer:
    def __init__(self, secret: Callable[[], Awaitable[str]]) -> None:
        self._secret = secret  # read on first use: start-up does not wait for the database
        self._key: bytes | None = None

    async def sign(self, claims: dict[str, Any], *, valid_seconds: int) -> str:
        payload = _b64(json.dumps(claims | {"e": int(time.time()) + valid_seconds}).encode())
        return f"{payload}.{_b64(await self._mac(b'session', payload))}"

    async def open(self, token: str | None) -> dict[str, Any] | None:
        """The claims of a genuine, unexpired token; None for anything else."""
        if not token or token.count(".") != 1:
            return None
        payload, signature = token.split(".")
        if not same_secret(signature, _b64(await self._mac(b"session", payload))):
            return None
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            return None
        if not isinstance(claims, dict) or claims.get("e", 0) < time.time():
            return None
        return claims

    async def csrf(self, session_id: str) -> str:
        """The CSRF token of a session: only a page served to that session knows it."""
        return _b64(await self._mac(b"csrf", session_id))

    async def csrf_ok(self, session_id: str, given: str | None) -> bool:
        return same_secret(given, await self.csrf(session_id))

    async def _mac(self, purpose: bytes, text: str) -> bytes:
        if self._key is None:
            secret = await self._secret()
            self._key = hashlib.sha256(b"burbgigz web sessions\0" + secret.encode()).digest()
        # A cookie's or a header's text may hold lone surrogates: encoded all the same.
        data = purpose + b"\0" + text.encode("utf-8", "surrogatepass")
        return hmac.new(self._key, data, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
