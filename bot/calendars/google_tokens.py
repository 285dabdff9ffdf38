"""Access tokens for Google's APIs, from the technician's refresh token or a service account's
JSON key (a JWT signed with its private key), kept until shortly before they expire."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import jwt

from bot.calendars.google_errors import GoogleUnavailable

SCOPE = "https://www.googleapis.com/auth/calendar"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
EARLY_SECONDS = 60  # a token about to expire is renewed first


class AccessTokens:
    """A bearer token for each call; `grant` is the form posted to the token endpoint."""

    def __init__(self, token_url: str, grant: Callable[[], dict[str, str]]) -> None:
        self._token_url = token_url
        self._grant = grant
        self._token: str | None = None
        self._until = 0.0

    async def token(self, session: aiohttp.ClientSession) -> str:
        if self._token is not None and time.monotonic() < self._until:
            return self._token
        try:
            async with session.post(self._token_url, data=self._grant()) as response:
                body: Any = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise GoogleUnavailable(f"sign-in: {type(exc).__name__}") from None
        if status != 200 or not isinstance(body, dict) or "access_token" not in body:
            error = body.get("error", status) if isinstance(body, dict) else status
            if error == "invalid_grant":  # revoked, or a "Testing" app's week is over
                raise GoogleUnavailable(
                    "sign-in refused (invalid_grant): run `python -m bot google-auth` again"
                )
            raise GoogleUnavailable(f"sign-in answered {error}")
        self._token = str(body["access_token"])
        self._until = time.monotonic() + float(body.get("expires_in", 3600)) - EARLY_SECONDS
        return self._token

    def forget(self) -> None:
        """Google refused the token: the next call asks for a new one."""
        self._token = None


def refresh_token_grant(
    client_id: str, client_secret: str, refresh_token: str
) -> Callable[[], dict[str, str]]:
    form = {
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": refresh_token,
    }
    return lambda: form


def service_account_grant(key_json: str, token_url: str) -> Callable[[], dict[str, str]]:
    """A fresh signed assertion for each token asked for."""
    key = json.loads(key_json)
    email, private_key = str(key["client_email"]), str(key["private_key"])

    def grant() -> dict[str, str]:
        now = int(time.time())
        claims = {"iss": email, "scope": SCOPE, "aud": token_url, "iat": now, "exp": now + 3600}
        assertion = jwt.encode(claims, private_key, algorithm="RS256")
        return {"grant_type": JWT_BEARER, "assertion": assertion}

    return grant
