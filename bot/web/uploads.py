"""A photo sent from a web page (HTTP POST, multipart): size-limited, kept in the file store,
then taken in like any channel's media (the dispatcher's media intake files it)."""

from __future__ import annotations

import re

from aiohttp import BodyPartReader, web

from bot.web.channel import WebChannel
from domain.messages import Attachment

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_FIELD_BYTES = 4000  # a caption or an id; read no further, whatever the sender claims
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


async def receive_photo(request: web.Request, channel: WebChannel, address: str) -> web.Response:
    fields: dict[str, str] = {}
    photo: tuple[bytes, str] | None = None
    try:
        reader = await request.multipart()
    except (AssertionError, ValueError):
        raise web.HTTPBadRequest(text="send the photo as multipart/form-data") from None
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file":
            content_type = part.headers.get("Content-Type", "")
            if content_type not in PHOTO_TYPES:
                raise web.HTTPUnsupportedMediaType(text="only JPEG, PNG or WebP photos")
            data = await _read_limited(part, MAX_PHOTO_BYTES, "photos up to 10 MB, please")
            photo = (data, content_type)
        elif part.name in ("caption", "id"):
            text = await _read_limited(part, MAX_FIELD_BYTES, "a caption up to 4000 bytes")
            fields[part.name] = text.decode(errors="replace")[:1000]
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


async def _read_limited(part: BodyPartReader, limit: int, refusal: str) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk():
        data += chunk
        if len(data) > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(data), text=refusal)
    return bytes(data)
