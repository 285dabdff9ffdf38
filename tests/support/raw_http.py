"""Requests written byte by byte, as a hostile client would: what no HTTP library sends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

Headers = Sequence[tuple[bytes, bytes]]


async def raw_request(
    port: int,
    method: str,
    path: str | bytes,
    headers: Headers = (),
    body: bytes = b"",
    *,
    length: int | None = None,
) -> int:
    """Send exactly these bytes; the status the app answered (0: it dropped the socket).
    `length` claims a Content-Length other than the body's (a body that never ends)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        target = path if isinstance(path, bytes) else path.encode()
        head = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
        head += [name + b": " + value for name, value in headers]
        head += [b"Content-Length: %d" % (len(body) if length is None else length)]
        writer.write(b"\r\n".join([*head, b"Connection: close", b"", b""]) + body)
        with contextlib.suppress(ConnectionError):  # refused before the body was all read
            await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 30)
    except (ConnectionError, TimeoutError):
        return 0
    finally:
        writer.close()
    parts = status_line.split()
    return int(parts[1]) if len(parts) > 1 else 0
