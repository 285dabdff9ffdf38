"""Phone numbers in E.164; a local South African number is read as +27."""

from __future__ import annotations

import re

from domain.errors import InvalidPhoneNumber

_SEPARATORS = re.compile(r"[\s\-().]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(raw: str, default_country_code: str = "27") -> str:
    """'082 123 4567', '0027821234567', '+27 82 123 4567' all become '+27821234567'."""
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = f"+{default_country_code}{digits[1:]}"
    elif not digits.startswith("+"):
        digits = "+" + digits
    if not _E164.match(digits):
        raise InvalidPhoneNumber(f"{raw!r} is not a phone number we can reach")
    if digits.startswith("+27") and len(digits) != 12:
        raise InvalidPhoneNumber(f"{raw!r} should have 10 digits, like 082 123 4567")
    return digits


def local_phone(e164: str) -> str:
    """How a South African reads their own numbers: '+27110000000' is '011 000 0000'."""
    if e164.startswith("+27") and len(e164) == 12:
        return f"0{e164[3:5]} {e164[5:8]} {e164[8:]}"
    return e164


def readable_phone(e164: str) -> str:
    """A number as printed on paper: '+27821234567' is '+27 82 123 4567'."""
    if e164.startswith("+27") and len(e164) == 12:
        return f"+27 {e164[3:5]} {e164[5:8]} {e164[8:]}"
    return e164
