"""Twilio's REST API through the official client (async), and the media customers send."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.rest import Client
from yarl import URL

from bot.channels.base import MediaRefused, MediaUnavailable
from bot.channels.media_hosts import NOT_FETCHED, MediaHosts
from bot.channels.twilio_http import TwilioHttpClient
from bot.delivery.sending import DeliveryFailed

log = logging.getLogger(__name__)

REQUEST_TIMEOUT_SECONDS = 20
MEDIA_TIMEOUT_SECONDS = 60
MAX_MEDIA_REDIRECTS = 3  # Twilio's API sends one, to its storage
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_MEDIA_BYTES = 16 * 1024 * 1024  # WhatsApp's limit; MMS is smaller still
# Twilio error codes (https://www.twilio.com/docs/api/errors) that settle a message for good,
# whether the API refuses it at once or a delivery report says so later.
OPTED_OUT = frozenset({21610})  # the recipient replied STOP
UNREACHABLE = frozenset({
    21211,  # invalid To number
    21214,  # To number cannot be reached
    21612,  # no route to the To number
    21614,  # To is not a mobile number
    30005,  # unknown destination handset
    30006,  # landline or unreachable carrier
    63003,  # WhatsApp: the channel could not find the To address
    63024,  # WhatsApp: invalid message recipient
})  # fmt: skip


class TwilioApi:
    def __init__(
        self, account_sid: str, auth_token: str, base_url: str, media_hosts: MediaHosts
    ) -> None:
        self._account_sid = account_sid
        self._http = TwilioHttpClient(REQUEST_TIMEOUT_SECONDS)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        # Every request of the Messages API is built on this (a local stand-in in tests).
        self._client.api.base_url = base_url
        self._authorization = aiohttp.encode_basic_auth(account_sid, auth_token)
        self._api_origin = URL(base_url).origin()
        self._media_hosts = media_hosts

    async def close(self) -> None:
        await self._http.close()

    async def create_message(self, **params: Any) -> str:
        """Send one message; its sid. Raises DeliveryFailed, saying whether to try again."""
        try:
            message = await self._client.messages.create_async(**params)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _failure(exc.status, exc.code, _message_of(exc)) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            # The request may or may not have reached Twilio; retrying risks a duplicate,
            # which beats a lost message.
            raise DeliveryFailed(f"Twilio unreachable: {type(exc).__name__}") from exc
        return str(message.sid)

    async def account_problem(self) -> str | None:
        """Whether the credentials open an active account; what is wrong if not."""
        try:
            account = await self._client.api.v2010.accounts(self._account_sid).fetch_async()
        except TwilioRestException as exc:
            if exc.status in (401, 403):
                return "the account SID or auth token is refused"
            return f"the account could not be read ({exc.status}: {_message_of(exc)})"
        if account.status != "active":
            return f"the account is {account.status}, not active"
        return None

    async def owns_number(self, number: str) -> bool:
        """Whether `number` is one of the account's own phone numbers."""
        found = await self._client.incoming_phone_numbers.list_async(phone_number=number, limit=1)
        return bool(found)

    async def fetch(self, url: str) -> bytes:
        """A file a customer sent. Twilio answers with a redirect to its storage; every hop
        must be one of the media hosts, and the account credentials go to Twilio's API only,
        never to wherever a URL or redirect points."""
        target = self._media_hosts.checked(url)
        try:
            for _ in range(MAX_MEDIA_REDIRECTS + 1):
                async with self._get(target) as response:
                    if response.status in REDIRECTS and "Location" in response.headers:
                        target = self._media_hosts.checked(target.join(URL(_location(response))))
                        continue
                    return await _media_body(response)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise MediaUnavailable(f"Twilio media download failed: {type(exc).__name__}") from exc
        raise MediaRefused("was passed from address to address too many times")

    def _get(self, target: URL) -> Any:
        headers = {"Authorization": self._authorization} if self._is_twilio(target) else {}
        timeout = aiohttp.ClientTimeout(total=MEDIA_TIMEOUT_SECONDS)
        return self._http.http.get(target, headers=headers, timeout=timeout, allow_redirects=False)

    def _is_twilio(self, target: URL) -> bool:
        """Twilio's API as configured, or any of its https hosts (media URLs name the main
        one even when the API base is regional)."""
        host = target.host or ""
        on_twilio = target.scheme == "https" and (
            host == "twilio.com" or host.endswith(".twilio.com")
        )
        return target.origin() == self._api_origin or on_twilio


async def _media_body(response: aiohttp.ClientResponse) -> bytes:
    if response.status in (403, 404, 410):
        raise ValueError(f"Twilio no longer has this file ({response.status})")
    if response.status != 200:
        raise MediaUnavailable(f"Twilio media answered {response.status}")
    if (response.content_length or 0) > MAX_MEDIA_BYTES:
        raise ValueError("larger than we accept")
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(256 * 1024):
        size += len(chunk)
        if size > MAX_MEDIA_BYTES:
            raise ValueError("larger than we accept")
        chunks.append(chunk)
    return b"".join(chunks)


def _location(response: aiohttp.ClientResponse) -> str:
    try:
        return response.headers["Location"]
    except UnicodeDecodeError:
        raise MediaRefused(NOT_FETCHED) from None


# Twilio sends no Retry-After with its 429s; this pause, repeated, outlasts a burst.
TWILIO_SLOW_DOWN_SECONDS = 5.0


def _failure(status: int, code: int | None, reason: str) -> DeliveryFailed:
    described = f"Twilio {code or status}: {reason}"
    if code in OPTED_OUT:
        return DeliveryFailed(described, opted_out=True)
    if code in UNREACHABLE:
        return DeliveryFailed(described, unreachable=True)
    if status == 429:  # slowing down is no failure of the message: not counted as a try
        return DeliveryFailed(described, retry_after=TWILIO_SLOW_DOWN_SECONDS)
    if status >= 500 or status in (401, 403):
        # Busy, down, or our credentials are wrong: every message waits until it is fixed.
        if status in (401, 403):
            log.error("Twilio refused our credentials (%s); check TWILIO_AUTH_TOKEN", status)
        return DeliveryFailed(described)
    return DeliveryFailed(described, permanent=True)


def _message_of(exc: TwilioRestException | TwilioServiceException) -> str:
    if isinstance(exc, TwilioServiceException):
        return str(exc.detail or exc.title)
    return str(exc.msg).split(": ", 1)[-1]
