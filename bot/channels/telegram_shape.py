"""The shape of a Telegram update, checked before python-telegram-bot reads it. Telegram
itself never sends a message without its chat, a text that is a number or a date past the
year 9999, but anyone who finds the webhook can (the secret only proves who sent it): such an
update is a 400, never a 500 that Telegram would send again and again."""

from __future__ import annotations

from typing import Any

# Within what a datetime holds, with room to spare.
MAX_DATE = 2**32
MAX_DEPTH = 3  # a reply to a reply to a message: deeper nesting is not Telegram's

Spec = dict[str, Any]
_USER: Spec = {"id": int, "is_bot": bool, "first_name": str, "last_name": str, "username": str}
_CHAT: Spec = {"id": int, "type": str, "title": str, "first_name": str, "last_name": str}
_FILE: Spec = {"file_id": str, "file_unique_id": str, "file_size": int}
_DOCUMENT: Spec = _FILE | {"file_name": str, "mime_type": str}
_CONTACT: Spec = {"phone_number": str, "first_name": str, "last_name": str, "user_id": int}
_MESSAGE: Spec = {
    "message_id": int,
    "date": "date",
    "chat": _CHAT,
    "from": _USER,
    "text": str,
    "caption": str,
    "contact": _CONTACT,
    "photo": [_FILE],
    "document": _DOCUMENT,
    "reply_to_message": "message",
}
_CALLBACK: Spec = {"id": str, "from": _USER, "data": str, "message": "message"}
_UPDATE: Spec = {"update_id": int, "message": _MESSAGE, "callback_query": _CALLBACK}
_REQUIRED: dict[int, tuple[str, ...]] = {
    id(_UPDATE): ("update_id",),
    id(_MESSAGE): ("message_id", "date", "chat"),
    id(_CHAT): ("id", "type"),
    id(_USER): ("id", "first_name"),
    id(_CALLBACK): ("id", "from"),
    id(_FILE): ("file_id",),
    id(_DOCUMENT): ("file_id",),
    id(_CONTACT): ("phone_number",),
}


def update_problem(raw: object) -> str | None:
    """What is wrong with the update's shape, for the 400; None when it is fit to read."""
    return _problem(raw, _UPDATE, "update", 0)


def _problem(value: object, spec: object, where: str, depth: int) -> str | None:
    if spec == "message":
        if depth >= MAX_DEPTH:
            return f"{where} nests too deeply"
        spec = _MESSAGE
        depth += 1
    if spec == "date":
        ok = _is_int(value) and 0 <= value < MAX_DATE  # type: ignore[operator]
        return None if ok else f"{where} is not a date"
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{where} is not a list"
        found = (_problem(item, spec[0], f"{where}[]", depth) for item in value)
        return next((problem for problem in found if problem), None)
    if isinstance(spec, dict):
        return _object_problem(value, spec, where, depth)
    if spec is int:
        return None if _is_int(value) else f"{where} is not a number"
    kind = spec if isinstance(spec, type) else str
    return None if isinstance(value, kind) else f"{where} is not a {kind.__name__}"


def _object_problem(value: object, spec: Spec, where: str, depth: int) -> str | None:
    if not isinstance(value, dict):
        return f"{where} is not an object"
    for key in _REQUIRED.get(id(spec), ()):
        if key not in value:
            return f"{where}.{key} is missing"
    for key, inner in spec.items():
        if key in value and (problem := _problem(value[key], inner, f"{where}.{key}", depth)):
            return problem
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63
