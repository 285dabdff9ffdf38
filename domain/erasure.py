"""What an erasure looks for in the records other people keep (the technician's chat, the web
console's history): the customer's name, numbers, e-mail and addresses, and how it blanks them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from domain.phones import local_phone

ERASED = "[erased]"
_PARTICLES = frozenset({"van", "der", "den", "von", "del", "les", "mrs", "miss"})


def personal_words(
    name: str, phones: Iterable[str], email: str | None, addresses: Iterable[str]
) -> tuple[str, ...]:
    """The texts to blank, longest first (a full name before its parts). A part of a name
    shorter than three letters, or a particle ("van", "der"), is left: it would blank
    ordinary words."""
    words = {name.strip(), *(a.strip() for a in addresses)}
    words |= {part for part in name.split() if part.lower() not in _PARTICLES}
    for phone in phones:
        words |= {phone, local_phone(phone), local_phone(phone).replace(" ", "")}
        if phone.startswith("+"):
            words.add(phone[1:])
    if email:
        words.add(email)
    return tuple(sorted((w for w in words if len(w) >= 3), key=len, reverse=True))


def scrub(value: Any, words: tuple[str, ...]) -> Any:
    """The same JSON-like value with every one of `words` replaced, in any capitals."""
    if not words:
        return value
    if isinstance(value, str):
        pattern = re.compile("|".join(_whole(w) for w in words), re.IGNORECASE)
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [scrub(item, words) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, words) for key, item in value.items()}
    return value


def _whole(word: str) -> str:
    """A word, not inside another one: "Ann" does not blank "Annual"."""
    escaped = re.escape(word)
    start = r"(?<!\w)" if word[0].isalnum() else ""
    end = r"(?!\w)" if word[-1].isalnum() else ""
    return f"{start}{escaped}{end}"
