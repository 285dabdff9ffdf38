"""twilio's async HTTP client with two repairs: every request has a timeout (it passes none,
so aiohttp would wait forever) and credentials travel as a header (aiohttp 3.14 deprecates
the `auth=` it uses)."""

from __future__ import annotations

import aiohttp
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response


class TwilioHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]  # twilio is untyped
    def __init__(self, timeout_seconds: float) -> None:
        super().__init__(timeout=timeout_seconds)
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    @property
    def http(self) -> aiohttp.ClientSession:
        """The connection pool, also used to fetch the media customers send."""
        session: aiohttp.ClientSession = self.session
        return session

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
        async with self.http.request(
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
