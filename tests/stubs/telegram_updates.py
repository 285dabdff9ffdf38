"""Bot API `Update` JSON exactly as Telegram posts it to a webhook (or returns from getUpdates).

Every builder takes the sender's details as keywords (see `Sender`): first_name="Thandi",
last_name="Mokoena", username=None, from_id (the user; defaults to chat_id, as in a private chat
the chat id is the user id), update_id and date. update_id and message_id count up per module.
"""

from __future__ import annotations

import itertools
import time
from typing import Any, TypedDict, Unpack

JSON = dict[str, Any]
BOT_ID = 123456  # the id in FakeBotApi's default token "123456:TEST-token"
BOT_USER: JSON = {
    "id": BOT_ID, "is_bot": True, "first_name": "BurbGigz", "username": "burbgigz_bot",
}  # fmt: skip

_update_ids = itertools.count(500_000_001)
_message_ids = itertools.count(1001)
_callback_ids = itertools.count(4_300_000_000_000_000_001)  # real ids are long digit strings


class Sender(TypedDict, total=False):
    first_name: str
    last_name: str | None
    username: str | None
    from_id: int
    update_id: int | None
    date: int | None


def _user(chat_id: int, sender: Sender) -> JSON:
    user: JSON = {"id": sender.get("from_id", abs(chat_id)), "is_bot": False}
    user |= _names(sender)
    return user | {"language_code": "en"}


def _names(sender: Sender) -> JSON:
    names: JSON = {"first_name": sender.get("first_name", "Thandi")}
    if last_name := sender.get("last_name", "Mokoena"):
        names["last_name"] = last_name
    if username := sender.get("username"):
        names["username"] = username
    return names


def _chat(chat_id: int, sender: Sender) -> JSON:
    if chat_id < 0:
        return {"id": chat_id, "title": "BurbGigz team", "type": "supergroup"}
    return {"id": chat_id} | _names(sender) | {"type": "private"}


def _message(chat_id: int, message_id: int | None, sender: Sender) -> JSON:
    return {
        "message_id": message_id if message_id is not None else next(_message_ids),
        "from": _user(chat_id, sender),
        "chat": _chat(chat_id, sender),
        "date": sender.get("date") or int(time.time()),
    }


def _update(kind: str, payload: JSON, sender: Sender) -> JSON:
    update_id = sender.get("update_id")
    return {"update_id": update_id if update_id is not None else next(_update_ids), kind: payload}


def message_update(
    chat_id: int,
    text: str,
    *,
    message_id: int | None = None,
    reply_to_message_id: int | None = None,
    **sender: Unpack[Sender],
) -> JSON:
    message = _message(chat_id, message_id, sender) | {"text": text}
    if reply_to_message_id is not None:  # Telegram nests the replied-to message (here the bot's)
        message["reply_to_message"] = {
            "message_id": reply_to_message_id,
            "from": BOT_USER,
            "chat": message["chat"],
            "date": message["date"],
        }
    return _update("message", message, sender)


def command_update(
    chat_id: int, command: str, *, message_id: int | None = None, **sender: Unpack[Sender]
) -> JSON:
    """`command` may carry arguments: "/start", "start", or "/start job-42"."""
    text = command if command.startswith("/") else f"/{command}"
    update = message_update(chat_id, text, message_id=message_id, **sender)
    length = len(text.split(maxsplit=1)[0])
    update["message"]["entities"] = [{"offset": 0, "length": length, "type": "bot_command"}]
    return update


def callback_update(
    chat_id: int,
    data: str,
    *,
    message_id: int,
    message_text: str = "Choose an option",
    **sender: Unpack[Sender],
) -> JSON:
    """A button press under the bot's message `message_id`."""
    message = {
        "message_id": message_id,
        "from": BOT_USER,
        "chat": _chat(chat_id, sender),
        "date": sender.get("date") or int(time.time()),
        "text": message_text,
    }
    query = {
        "id": str(next(_callback_ids)),
        "from": _user(chat_id, sender),
        "message": message,
        "chat_instance": str(abs(chat_id) * 7_919_000_003),  # stable per chat, like Telegram's
        "data": data,
    }
    return _update("callback_query", query, sender)


def contact_update(
    chat_id: int,
    phone_number: str,
    *,
    user_id: int | None = None,
    message_id: int | None = None,
    **sender: Unpack[Sender],
) -> JSON:
    """A shared contact; by default the sender's own ("Share my number"). Telegram gives the
    number as the client sent it, often without the leading "+"."""
    contact: JSON = {"phone_number": phone_number} | _names(sender)
    contact.pop("username", None)
    contact["user_id"] = user_id if user_id is not None else _user(chat_id, sender)["id"]
    message = _message(chat_id, message_id, sender) | {"contact": contact}
    return _update("message", message, sender)


def photo_update(
    chat_id: int,
    file_id: str,
    *,
    caption: str | None = None,
    file_size: int = 182_000,
    message_id: int | None = None,
    **sender: Unpack[Sender],
) -> JSON:
    """A photo as Telegram sends it: several sizes, the largest (`file_id`) last."""
    sizes = [
        (f"{file_id}-s", 90, 68, file_size // 60),
        (f"{file_id}-m", 320, 240, file_size // 8),
        (file_id, 1280, 960, file_size),
    ]
    photo = [
        {"file_id": fid, "file_unique_id": f"u-{fid}", "file_size": size, "width": w, "height": h}
        for fid, w, h, size in sizes
    ]
    message = _message(chat_id, message_id, sender) | {"photo": photo}
    if caption is not None:
        message["caption"] = caption
    return _update("message", message, sender)


def document_update(
    chat_id: int,
    file_id: str,
    *,
    file_name: str = "report.pdf",
    mime_type: str = "application/pdf",
    file_size: int = 24_000,
    caption: str | None = None,
    message_id: int | None = None,
    **sender: Unpack[Sender],
) -> JSON:
    document = {
        "file_name": file_name,
        "mime_type": mime_type,
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_size": file_size,
    }
    message = _message(chat_id, message_id, sender) | {"document": document}
    if caption is not None:
        message["caption"] = caption
    return _update("message", message, sender)
