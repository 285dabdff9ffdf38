"""Reading the follow-up timings of [reminders]: quiet hours, the morning agenda, maintenance
and unpaid-invoice reminders. Each is optional; the defaults are in ReminderTimings."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from domain.business_parsing import Fields
from domain.errors import ConfigError

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_SPAN = re.compile(r"(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")


def follow_up_timings(reminders: Fields) -> dict[str, Any]:
    """The optional keys present, parsed, as ReminderTimings' keyword arguments."""
    found: dict[str, Any] = {}
    if reminders.has("quiet_hours"):
        found["quiet_hours"] = _quiet_hours(reminders)
    if reminders.has("agenda_at"):
        found["agenda_at"] = _clock(reminders.raw("agenda_at"), reminders.key("agenda_at"))
    if reminders.has("maintenance_after_months"):
        found["maintenance_after_months"] = reminders.whole("maintenance_after_months", 0, "months")
    if reminders.has("unpaid_invoice_after_days"):
        found["unpaid_invoice_after_days"] = reminders.whole("unpaid_invoice_after_days", 0, "days")
    return found


def _quiet_hours(reminders: Fields) -> tuple[time, time]:
    key, value = reminders.key("quiet_hours"), reminders.raw("quiet_hours")
    match = _SPAN.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(key, 'expected "HH:MM-HH:MM", like "20:00-07:00"')
    start, end = _clock(match.group(1), key), _clock(match.group(2), key)
    if start == end:
        raise ConfigError(key, "start and end must differ")
    return start, end


def _clock(value: object, key: str) -> time:
    match = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        return time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise ConfigError(key, 'expected a time of day "HH:MM"') from None
