"""Files sent to us, brought from their channel into our file store before handling: checked
and cleaned first (bot/file_intake.py), stored whole or not at all."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from dataclasses import replace

from bot.channels.base import MediaRefused, MediaSource, MediaUnavailable
from bot.intake.file_intake import Accepted, FileRefused, accept_file
from domain.customers import Channel
from domain.messages import REASON_MARK, Attachment, Inbound
from domain.ports import FileStore
from domain.records import thumbnail_key

log = logging.getLogger(__name__)


async def fetch_media(
    message: Inbound, message_id: int, sources: Mapping[Channel, MediaSource], files: FileStore
) -> Inbound:
    """The message with its files stored under our own keys; a file its channel refuses
    (too large, gone) or that is not one we take is listed as refused, with the reason.
    Raises MediaUnavailable to try again later, leaving nothing of this message stored."""
    if not message.media:
        return message
    source = sources.get(message.channel)
    if source is None:
        raise MediaUnavailable(f"no {message.channel} connection to fetch files")
    accepted: list[tuple[Attachment, Accepted]] = []
    refused = list(message.refused_media)
    for item in message.media:
        name = item.filename or "a file"
        try:
            data = await source.fetch(item.ref)
            kept = await asyncio.to_thread(accept_file, data, item.content_type, item.filename)
        except (FileRefused, MediaRefused) as why:
            refused.append(f"{name}{REASON_MARK}{why.reason}")
            continue
        except ValueError:
            refused.append(name)
            continue
        accepted.append((item, kept))
    stored = await _store_all(files, message_id, accepted)
    return replace(message, media=tuple(stored), refused_media=tuple(refused))


async def _store_all(
    files: FileStore, message_id: int, accepted: list[tuple[Attachment, Accepted]]
) -> list[Attachment]:
    """Every file and thumbnail, or none: what was put before a failure is removed again."""
    written: list[str] = []
    stored: list[Attachment] = []
    try:
        for index, (item, kept) in enumerate(accepted):
            key = f"inbound/{message_id}/{index}-{_safe_stem(item.filename)}{kept.extension}"
            await files.put(key, kept.data, kept.content_type)
            written.append(key)
            if kept.thumbnail is not None:
                await files.put(thumbnail_key(key), kept.thumbnail, "image/jpeg")
                written.append(thumbnail_key(key))
            filename = f"{_safe_stem(item.filename)}{kept.extension}"
            stored.append(
                replace(
                    item,
                    ref=key,
                    content_type=kept.content_type,
                    filename=filename,
                    size=len(kept.data),
                )
            )
    except Exception as exc:
        try:
            await files.delete(written)
        except Exception:  # the retry overwrites the same keys; the log says what is left
            log.exception("could not remove %s after a failed store", written)
        raise MediaUnavailable(f"file store unavailable: {exc}") from exc
    return stored


def _safe_stem(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:80]
    return name or "file"
