"""Telegram updates → neutral Inbound messages."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from telegram import Message, Update

from domain.customers import Channel
from domain.messages import Attachment, Inbound

# The Bot API lets a bot download files up to 20 MB.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_UPDATES = ("message", "callback_query")


def to_inbound(update: Update, admin_chats: Collection[int]) -> Inbound | None:
    """The message an update carries, or None for updates we do not handle (edits, joins,
    group chatter outside the admin chats)."""
    if (query := update.callback_query) is not None:
        chat = query.message.chat if query.message else None
        chat_id = chat.id if chat else query.from_user.id
        if chat is not None and chat.type != "private" and chat_id not in admin_chats:
            return None
        return Inbound(
            channel=Channel.TELEGRAM,
            sender=str(chat_id),
            platform_id=str(update.update_id),
            received_at=datetime.now(UTC),
            chosen_option=query.data,
            sender_name=query.from_user.full_name,
        )
    message = update.message
    if message is None:
        return None
    if message.chat.type != "private" and message.chat.id not in admin_chats:
        return None
    media, refused = _media(message)
    return Inbound(
        channel=Channel.TELEGRAM,
        sender=str(message.chat.id),
        platform_id=str(update.update_id),
        received_at=message.date.astimezone(UTC),
        text=message.text or message.caption or "",
        media=media,
        refused_media=refused,
        sender_name=message.from_user.full_name if message.from_user else "",
        shared_phone=_own_phone(message),
        reply_to=str(message.reply_to_message.message_id) if message.reply_to_message else None,
    )


def _own_phone(message: Message) -> str | None:
    """A shared contact counts only when it is the sender's own number."""
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        return None
    return contact.phone_number


def _media(message: Message) -> tuple[tuple[Attachment, ...], tuple[str, ...]]:
    caption = message.caption or ""
    if message.photo:
        largest = message.photo[-1]
        return (Attachment(largest.file_id, "image/jpeg", "photo.jpg", caption),), ()
    document = message.document
    if document is None:
        return (), ()
    name = document.file_name or "document"
    if (document.file_size or 0) > MAX_DOWNLOAD_BYTES:
        return (), (name,)
    content_type = document.mime_type or "application/octet-stream"
    return (Attachment(document.file_id, content_type, name, caption),), ()
