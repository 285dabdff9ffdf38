"""python-telegram-bot's HTTP over aiohttp: the service's one HTTP stack, and a lighter one.

PTB's own HTTPXRequest cost about a sixth of the process's CPU per reply under load (httpx,
httpcore and anyio layers on every call); aiohttp, which the service already runs, does the same
POST for a fraction of it.
"""

from __future__ import annotations

import io
from typing import IO

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECTIONS = 256  # replies to different chats go out side by side (as PTB's own default)
CONNECT_SECONDS = 5.0
READ_SECONDS = 5.0
WRITE_SECONDS = 5.0  # aiohttp has no write timeout of its own: folded into the whole request
MEDIA_WRITE_SECONDS = 20.0
SLOWEST_UPLOAD = 50_000  # bytes a second: a 5 MB report may take 100 s more on a poor line


class AiohttpRequest(BaseRequest):
    def __init__(self, *, connections: int = CONNECTIONS, read_seconds: float = READ_SECONDS):
        self._connections = connections
        self._read_seconds = read_seconds
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_seconds

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_seconds)
        write = _given(write_timeout, MEDIA_WRITE_SECONDS if files else WRITE_SECONDS)
        if write is not None and files:  # a whole upload, not one write: time for its size
            write += sum(_size(content) for _, content, _ in files.values()) / SLOWEST_UPLOAD
        timeout = aiohttp.ClientTimeout(
            total=None if read is None or write is None else read + write,
            sock_connect=_given(connect_timeout, CONNECT_SECONDS),
            sock_read=read,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def _given(value: object, default: float) -> float | None:
    """PTB passes DEFAULT_NONE for 'not given' and None for 'no limit'."""
    if isinstance(value, int | float) or value is None:
        return None if value is None else float(value)
    return default


def _size(content: bytes | IO[bytes]) -> int:
    """Our uploads come as bytes (PTB reads a file object into them); a handle counts as 0."""
    return len(content) if isinstance(content, bytes) else 0


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    if request_data is None:
        return None
    fields = request_data.json_parameters
    files = request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in files.items():
        # A file object, not bytes: aiohttp warns that a large bytes body blocks the loop.
        upload = io.BytesIO(content) if isinstance(content, bytes) else content
        form.add_field(name, upload, filename=filename, content_type=mimetype)
    return form
