"""What every route reads from a request, read so that no hostile input is a 500: the body
within its size and time limits, forms in UTF-8 only, secrets compared as bytes."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError
from multidict import MultiDict

log = logging.getLogger(__name__)

# Bodies read whole (webhooks, sign-in forms); uploads stream within their own limits.
MAX_BODY_BYTES = 1024 * 1024
FORM = "application/x-www-form-urlencoded"
_UTF8 = frozenset({"utf-8", "utf8"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of text from outside with a secret. Header values hold
    undecodable bytes as surrogates, which plain `encode()` refuses: they are compared too."""
    if given is None:
        return False
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


async def read_body(request: web.Request, seconds: float) -> bytes:
    """The whole body, or a 4xx: too large (413), too slow (408), or not decodable as its
    Content-Encoding claims (400)."""
    try:
        async with asyncio.timeout(seconds):
            return await request.read()
    except TimeoutError:
        raise closing(web.HTTPRequestTimeout(text="the request body came too slowly")) from None
    except (RequestPayloadError, HttpProcessingError):
        raise closing(web.HTTPBadRequest(text="the request body could not be read")) from None
    except web.HTTPRequestEntityTooLarge as too_large:
        raise closing(too_large) from None


def closing(error: web.HTTPException) -> web.HTTPException:
    """The refusal of a body read only in part: the connection cannot carry another request
    after it, and says so (Connection: close), so a client does not send one on it."""
    error.force_close()
    return error


async def read_json(request: web.Request, seconds: float) -> object:
    """A posted JSON document, or a 400: not UTF-8, not JSON, or nested past what the
    parser's recursion allows."""
    body = await read_body(request, seconds)
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise web.HTTPBadRequest(text="the body is not JSON") from None


async def read_form(request: web.Request, seconds: float) -> MultiDict[str]:
    """A posted form (application/x-www-form-urlencoded, UTF-8). Another charset, bytes that
    are not UTF-8, or another kind of body is a 4xx, never a 500."""
    if request.content_type != FORM:
        raise web.HTTPUnsupportedMediaType(text="post a form (application/x-www-form-urlencoded)")
    charset = (request.charset or "utf-8").lower()
    if charset not in _UTF8:
        raise web.HTTPBadRequest(text="forms are read in UTF-8 only")
    body = await read_body(request, seconds)
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise web.HTTPBadRequest(text="the form is not valid UTF-8") from None
    # As sent: a webhook's signature covers the values (NULs included); the edge cleans them
    # after it is checked (clean_inbound), a page's form in posted_form.
    return MultiDict(pairs)


class QuietMalformedRequests(logging.Filter):
    """aiohttp answers a malformed request (bad header bytes, a body that is not the gzip it
    claims) with a 400 by itself, and logs an ERROR with a traceback: a hostile client could
    fill the log. Such a record becomes one DEBUG line naming the fault, without the
    traceback (nor the request's bytes, which may carry anyone's data)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, (HttpProcessingError, RequestPayloadError)):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        record.msg, record.args = "refused a malformed request: %s", (_fault(error),)
        record.exc_info, record.exc_text = None, None
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def quiet_malformed_requests() -> None:
    server = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, QuietMalformedRequests) for f in server.filters):
        server.addFilter(QuietMalformedRequests())


def _fault(error: BaseException) -> str:
    return f"{type(error).__name__} ({getattr(error, 'code', 400)})"


def body_time_limit(seconds: float) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Middleware: every body but an upload's is read in full, within `seconds`, before the
    handler runs (a slow body no longer holds a handler open); uploads keep their own limit."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.body_exists and request.content_type != "multipart/form-data":
            await read_body(request, seconds)
        return await handler(request)

    return middleware
