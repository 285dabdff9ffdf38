"""Customers' files, brought from their channel into our file store before handling."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from bot.channels.base import MediaSource, MediaUnavailable
from domain.customers import Channel
from domain.messages import Attachment, Inbound
from domain.ports import FileStore


async def fetch_media(
    message: Inbound, message_id: int, sources: Mapping[Channel, MediaSource], files: FileStore
) -> Inbound:
    """The message with its files stored under our own keys; a file its channel refuses
    (too large, gone) is listed as refused. Raises MediaUnavailable to try again later."""
    if not message.media:
        return message
    source = sources.get(message.channel)
    if source is None:
        raise MediaUnavailable(f"no {message.channel} connection to fetch files")
    fetched: list[Attachment] = []
    refused = list(message.refused_media)
    for index, item in enumerate(message.media):
        try:
            data = await source.fetch(item.ref)
        except ValueError:
            refused.append(item.filename or "a file")
            continue
        key = f"inbound/{message_id}/{index}-{_safe_name(item.filename)}"
        await files.put(key, data, item.content_type)
        fetched.append(replace(item, ref=key))
    return replace(message, media=tuple(fetched), refused_media=tuple(refused))


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("._")[:80]
    return name or "file"
