"""Outbound to Telegram through python-telegram-bot, and fetching the files customers send."""

from __future__ import annotations

import io
from datetime import timedelta

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.channels.base import MediaUnavailable, split_message, split_text
from bot.channels.telegram_updates import MAX_DOWNLOAD_BYTES
from bot.delivery.sending import DeliveryFailed
from domain.messages import Attachment, Outbound
from domain.ports import FileStore

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024
SHARE_PHONE_LABEL = "Share my phone number"


class TelegramSender:
    def __init__(self, bot: ExtBot[int], files: FileStore) -> None:
        self._bot = bot
        self._files = files

    def pieces(self, message: Outbound) -> list[Outbound]:
        return split_message(message, lambda text: split_text(text, MAX_TEXT))

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        chat_id = int(message.recipient)
        try:
            last: Message | None = None
            for attachment in message.attachments:
                last = await self._send_file(chat_id, attachment)
            parts = split_text(message.text, MAX_TEXT) if message.text else []
            for index, part in enumerate(parts):
                markup = _markup(message) if index == len(parts) - 1 else None
                last = await self._bot.send_message(chat_id, part, reply_markup=markup)
        except RetryAfter as exc:
            wait = _seconds(exc)
            raise DeliveryFailed("Telegram asked us to slow down", retry_after=wait) from exc
        except Forbidden as exc:  # blocked the bot, or never started it
            raise DeliveryFailed(exc.message, unreachable=True) from exc
        except BadRequest as exc:
            unreachable = "chat not found" in exc.message.lower()
            raise DeliveryFailed(exc.message, permanent=True, unreachable=unreachable) from exc
        except (NetworkError, TelegramError) as exc:  # timeouts, 5xx, outages: try again later
            raise DeliveryFailed(f"Telegram unavailable: {exc.message}") from exc
        return str(last.message_id) if last else None

    async def _send_file(self, chat_id: int, attachment: Attachment) -> Message:
        data = await self._files.get(attachment.ref)
        upload = InputFile(io.BytesIO(data), filename=attachment.filename or "file")
        caption = attachment.caption[:MAX_CAPTION] or None
        if attachment.content_type.startswith("image/") and len(data) <= MAX_PHOTO_BYTES:
            return await self._bot.send_photo(chat_id, upload, caption=caption)
        return await self._bot.send_document(chat_id, upload, caption=caption)

    async def fetch(self, ref: str) -> bytes:
        """A customer's file by its Telegram file id."""
        try:
            file = await self._bot.get_file(ref)
            if (file.file_size or 0) > MAX_DOWNLOAD_BYTES:
                raise ValueError("larger than Telegram lets bots download")
            buffer = io.BytesIO()
            await file.download_to_memory(buffer)
        except BadRequest as exc:
            raise ValueError(exc.message) from exc
        except TelegramError as exc:
            raise MediaUnavailable(f"Telegram file download failed: {exc.message}") from exc
        return buffer.getvalue()


def _markup(message: Outbound) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    if message.request_contact:
        button = KeyboardButton(SHARE_PHONE_LABEL, request_contact=True)
        return ReplyKeyboardMarkup([[button]], one_time_keyboard=True, resize_keyboard=True)
    if not message.options:
        return None
    rows = [[InlineKeyboardButton(o.label, callback_data=o.id)] for o in message.options]
    return InlineKeyboardMarkup(rows)


def _seconds(exc: RetryAfter) -> float:
    wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
