"""The HTTP client under twilio's REST client, on an aiohttp session of ours: every request has
a timeout (twilio's own async client waits forever) and credentials travel as a header
(aiohttp 3.14 deprecates `auth=`, which twilio's client uses)."""

from __future__ import annotations

import logging

import aiohttp
from twilio.http import AsyncHttpClient
from twilio.http.response import Response

log = logging.getLogger("twilio.http")


class TwilioHttpClient(AsyncHttpClient):  # type: ignore[misc]  # twilio is untyped
    def __init__(self, session: aiohttp.ClientSession, timeout_seconds: float) -> None:
        super().__init__(log, is_async=True, timeout=timeout_seconds)
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - twilio's interface
        allow_redirects: bool = False,
    ) -> Response:
        headers = dict(headers or {})
        if auth is not None:
            headers["Authorization"] = aiohttp.encode_basic_auth(*auth)
        async with self._session.request(
            method.upper(),
            url,
            params=_pairs(params),
            data=_pairs(data),
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=timeout) if timeout else self._timeout,
            allow_redirects=allow_redirects,
        ) as response:
            return Response(response.status, await response.text(), response.headers)


def _pairs(values: dict[str, object] | None) -> list[tuple[str, str]] | None:
    """Form fields, a list becoming the same field repeated (several MediaUrl)."""
    if values is None:
        return None
    return [
        (key, str(item))
        for key, value in values.items()
        for item in (value if isinstance(value, list) else [value])
    ]
