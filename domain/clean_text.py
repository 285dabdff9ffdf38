"""Text from outside made fit to keep: both databases refuse a NUL (Postgres in text and in
JSON), Postgres refuses a lone UTF-16 surrogate, and every column has its length. One place
cleans what every intake hands over, so no channel can carry such text past the edge."""

from __future__ import annotations

import re
from dataclasses import replace

from domain.messages import Attachment, Inbound

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

# The columns these end up in (storage/tables.py), or a generous bound where the column is
# unbounded: no platform sends a message longer than a few thousand characters.
MAX_PLATFORM_ID = 128
MAX_SENDER = 128
MAX_NAME = 200
MAX_TEXT = 10_000
MAX_OPTION = 200
MAX_PHONE = 32
MAX_REF = 2_000
MAX_CONTENT_TYPE = 100
MAX_FILENAME = 200
MAX_CAPTION = 4_000
MAX_REFUSAL = 400
MAX_FILES = 20


def clean_text(value: object, limit: int) -> str:
    """`value` as text with no NUL, every lone surrogate replaced, cut to `limit` characters.
    A value that is not text at all (a number where text belongs) becomes empty."""
    if not isinstance(value, str):
        return ""
    text = value.replace("\x00", "")
    if _LONE_SURROGATE.search(text):
        # Pairs written as two escapes (json gives "\ud83d\ude00" as two code points) are
        # joined into their character; what is left alone is replaced.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        text = _LONE_SURROGATE.sub(REPLACEMENT, text)
    return text[:limit]


def clean_optional(value: object, limit: int) -> str | None:
    cleaned = clean_text(value, limit)
    return cleaned or None


def clean_inbound(message: Inbound) -> Inbound:
    """The message with every text in it clean and within its column."""
    return replace(
        message,
        sender=clean_text(message.sender, MAX_SENDER),
        platform_id=clean_text(message.platform_id, MAX_PLATFORM_ID),
        text=clean_text(message.text, MAX_TEXT),
        chosen_option=clean_optional(message.chosen_option, MAX_OPTION),
        media=tuple(_clean_attachment(a) for a in message.media[:MAX_FILES]),
        sender_name=clean_text(message.sender_name, MAX_NAME),
        shared_phone=clean_optional(message.shared_phone, MAX_PHONE),
        reply_to=clean_optional(message.reply_to, MAX_PLATFORM_ID),
        refused_media=tuple(clean_text(r, MAX_REFUSAL) for r in message.refused_media[:MAX_FILES]),
    )


def _clean_attachment(item: Attachment) -> Attachment:
    return replace(
        item,
        ref=clean_text(item.ref, MAX_REF),
        content_type=clean_text(item.content_type, MAX_CONTENT_TYPE),
        filename=clean_text(item.filename, MAX_FILENAME),
        caption=clean_text(item.caption, MAX_CAPTION),
    )
