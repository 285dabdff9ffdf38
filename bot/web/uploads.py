"""A photo sent from a web page (HTTP POST, multipart): size-limited, kept in the file store,
then taken in like any channel's media (the dispatcher's media intake files it)."""

from __future__ import annotations

import asyncio
import re

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestPayloadError

from bot.http_input import closing
from bot.web.channel import WebChannel
from domain.messages import Attachment

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_FIELD_BYTES = 4000  # a caption or an id; read no further, whatever the sender claims
# The photo, its caption and its id, with room for their part headers: nothing else is read.
MAX_UPLOAD_BYTES = MAX_PHOTO_BYTES + 64 * 1024
FIELDS = ("file", "caption", "id")
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
UNREADABLE = "send the photo as multipart/form-data with the fields file, caption and id"


async def receive_photo(
    request: web.Request, channel: WebChannel, address: str, *, seconds: float
) -> web.Response:
    """`seconds`: the whole upload must have arrived by then (a slow body is a 408)."""
    if (request.content_length or 0) > MAX_UPLOAD_BYTES:
        size = request.content_length or 0
        raise closing(web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD_BYTES, actual_size=size))
    try:
        async with asyncio.timeout(seconds):
            fields, photo = await _read_parts(request)
    except TimeoutError:
        raise closing(web.HTTPRequestTimeout(text="the upload came too slowly")) from None
    except (AssertionError, ValueError, RequestPayloadError, HttpProcessingError):
        # No boundary, a part cut off, a body that is not what its encoding claims.
        raise closing(web.HTTPBadRequest(text=UNREADABLE)) from None
    except web.HTTPException as refused:  # refused part-way: the rest is never read
        raise closing(refused) from None
    client_id = fields.get("id", "")
    if photo is None or not _CLIENT_ID.match(client_id):
        raise web.HTTPBadRequest(text="a photo (field 'file') and an id are needed")
    data, content_type = photo
    key = await channel.store_upload(data, content_type)
    attachment = Attachment(
        key, content_type, f"photo.{PHOTO_TYPES[content_type]}", fields.get("caption", "")
    )
    await channel.receive(address, client_id, text=attachment.caption, media=(attachment,))
    return web.json_response({"ok": True, "id": client_id})


async def _read_parts(request: web.Request) -> tuple[dict[str, str], tuple[bytes, str] | None]:
    fields: dict[str, str] = {}
    photo: tuple[bytes, str] | None = None
    reader = await request.multipart()
    seen: set[str] = set()
    while (part := await reader.next()) is not None:
        # Any other part, or one sent twice, is refused before a byte of it is read.
        if not isinstance(part, BodyPartReader) or part.name not in FIELDS or part.name in seen:
            raise web.HTTPBadRequest(text=UNREADABLE)
        seen.add(part.name)
        if part.name == "file":
            content_type = part.headers.get("Content-Type", "")
            if content_type not in PHOTO_TYPES:
                raise web.HTTPUnsupportedMediaType(text="only JPEG, PNG or WebP photos")
            data = await _read_limited(part, MAX_PHOTO_BYTES, "photos up to 10 MB, please")
            photo = (data, content_type)
        else:
            text = await _read_limited(part, MAX_FIELD_BYTES, "a caption up to 4000 bytes")
            fields[part.name] = text.decode(errors="replace")[:1000]
    return fields, photo


async def _read_limited(part: BodyPartReader, limit: int, refusal: str) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk():
        data += chunk
        if len(data) > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(data), text=refusal)
    return bytes(data)
