"""Quiet hours and reminder times, in Johannesburg."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from domain.follow_ups import QuietHours, months_later, reminder_due

SAST = ZoneInfo("Africa/Johannesburg")
NIGHT = QuietHours(time(20, 0), time(7, 0), SAST)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SAST)


def test_quiet_hours_across_midnight_end_next_morning() -> None:
    assert NIGHT.defer(at(24, 21, 30)) == at(25, 7)
    assert NIGHT.defer(at(25, 3)) == at(25, 7)
    assert NIGHT.defer(at(25, 7)) == at(25, 7)
    assert NIGHT.defer(at(24, 19, 59)) == at(24, 19, 59)


def test_a_reminder_in_quiet_hours_waits_unless_it_would_then_be_pointless() -> None:
    assert reminder_due(at(25, 10), 1440, NIGHT) == at(24, 10)
    assert reminder_due(at(25, 8), 60, NIGHT) == at(25, 7)  # 07:00 is the end: sent
    assert reminder_due(at(25, 7, 20), 60, NIGHT) is None  # 06:20 → 07:00: 20 min before


def test_months_later_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_later(at(24, 10), 6) == datetime(2027, 5, 24, 10, tzinfo=SAST)
    assert months_later(datetime(2026, 8, 31, 9, tzinfo=SAST), 6).date().isoformat() == (
        "2027-02-28"
    )
