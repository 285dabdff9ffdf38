"""Twilio's incoming-message webhook parameters → neutral Inbound messages."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from datetime import datetime

from domain.customers import Channel
from domain.errors import InvalidPhoneNumber
from domain.messages import Attachment, Inbound
from domain.phones import normalize_phone

WHATSAPP_PREFIX = "whatsapp:"
MAX_MEDIA_ITEMS = 10  # Twilio's own limit per message


class NotAMessage(ValueError):
    """The parameters lack what every Twilio message has."""


def to_inbound(params: Mapping[str, str], received_at: datetime) -> Inbound | None:
    """The message Twilio posted; None for one we cannot answer (a sender that is no phone
    number, such as a short code or a name)."""
    sid, sender = params.get("MessageSid", ""), params.get("From", "")
    if not sid or not sender:
        raise NotAMessage("MessageSid and From are required")
    channel = Channel.WHATSAPP if sender.startswith(WHATSAPP_PREFIX) else Channel.SMS
    try:
        number = normalize_phone(sender.removeprefix(WHATSAPP_PREFIX))
    except InvalidPhoneNumber:
        return None
    return Inbound(
        channel=channel,
        sender=number,
        platform_id=sid,
        received_at=received_at,
        text=params.get("Body", ""),
        media=_media(params, sid),
        sender_name=params.get("ProfileName", ""),
        reply_to=params.get("OriginalRepliedMessageSid") or None,
    )


def _media(params: Mapping[str, str], sid: str) -> tuple[Attachment, ...]:
    try:
        count = min(int(params.get("NumMedia", "0") or 0), MAX_MEDIA_ITEMS)
    except ValueError:
        count = 0
    items: list[Attachment] = []
    for index in range(count):
        url = params.get(f"MediaUrl{index}")
        if not url:
            continue
        content_type = params.get(f"MediaContentType{index}") or "application/octet-stream"
        extension = mimetypes.guess_extension(content_type.split(";")[0].strip()) or ""
        items.append(Attachment(url, content_type, f"{sid}-{index + 1}{extension}"))
    return tuple(items)
