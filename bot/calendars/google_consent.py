"""`python -m bot google-auth`: the technician's refresh token, obtained once. It prints Google's
consent address (offline access to their calendar, with PKCE), takes back the address Google
sent the browser to (or just its code), trades the code for tokens and prints the refresh token
to put in GOOGLE_REFRESH_TOKEN. Nothing of it is logged."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import sys
from typing import Any, TextIO
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp

from bot.calendars.google_tokens import SCOPE
from bot.settings import Settings

CONSENT_URL = "https://accounts.google.com/o/oauth2/v2/auth"
# A desktop app's loopback address: nothing needs to listen there; the code is in the address
# the browser is sent to, which the technician copies back.
REDIRECT_URI = "http://127.0.0.1:8085/"
EXIT_FAILED = 1


def consent_url(client_id: str, challenge: str, state: str) -> str:
    query = {
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": SCOPE,
        "access_type": "offline",  # a refresh token, not only an access token
        "prompt": "consent",  # a refresh token even if the app was allowed before
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
    }
    return f"{CONSENT_URL}?{urlencode(query)}"


def code_from(answer: str, state: str) -> str:
    """The code from the pasted address (its state checked), or the code pasted alone."""
    answer = answer.strip()
    if "://" not in answer:
        return answer
    query = parse_qs(urlsplit(answer).query)
    if query.get("error"):
        raise ValueError(f"Google said: {query['error'][0]}")
    if query.get("state") != [state]:
        raise ValueError("that address is not the answer to this consent request")
    return query["code"][0]


async def trade(settings: Settings, code: str, verifier: str) -> dict[str, Any]:
    assert settings.google_client_id and settings.google_client_secret
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": settings.google_client_id,
        "client_secret": settings.google_client_secret.get_secret_value(),
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session,
        session.post(settings.google_token_url, data=form) as response,
    ):
        body: dict[str, Any] = await response.json(content_type=None)
    return body


def google_auth(settings: Settings, given: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    if not (settings.google_client_id and settings.google_client_secret):
        print("burbgigz: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET first", file=sys.stderr)
        return EXIT_FAILED
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    state = secrets.token_urlsafe(16)
    print("1. Open this address signed in as the technician, and allow access:", file=out)
    print(consent_url(settings.google_client_id, challenge, state), file=out)
    print(
        "2. The browser then fails to open 127.0.0.1: copy the whole address from its address "
        "bar and paste it here:",
        file=out,
        flush=True,
    )
    try:
        code = code_from(given.readline(), state)
        body = asyncio.run(trade(settings, code, verifier))
    except (ValueError, KeyError, aiohttp.ClientError, TimeoutError) as exc:
        print(f"burbgigz: no refresh token: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if "refresh_token" not in body:
        print(f"burbgigz: Google gave no refresh token ({body.get('error')})", file=sys.stderr)
        return EXIT_FAILED
    print("3. Put this in the service's environment (keep it secret):", file=out)
    print(f"GOOGLE_REFRESH_TOKEN={body['refresh_token']}", file=out)
    return 0
