"""The technician's short ways of naming days and hours in admin commands: "24 Dec - 2 Jan",
"24/12", "today", "tomorrow"; "16:00-18:30". A day without a year is the next one to come."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import DomainError

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_RANGE_SPLIT = re.compile(r"\s+(?:-|–|to|until|till)\s+|\s*[-–]\s*(?=\d{1,2}\D)", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")
_HOURS = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?")
EXAMPLE_DAYS = "24 Dec - 2 Jan, 24/12, today or tomorrow"


class UnreadableDays(DomainError):
    """What was typed names no day (or hours) that can be read."""


def read_days(text: str, today: date) -> tuple[date, date]:
    """The first and last day of "24 Dec - 2 Jan" (or one day); the last is never before the
    first: "28 Dec - 3 Jan" runs into the new year."""
    parts = [p for p in _RANGE_SPLIT.split(text.strip(), maxsplit=1) if p.strip()]
    if not parts:
        raise UnreadableDays(f"Which days? For example {EXAMPLE_DAYS}.")
    if len(parts) == 2 and parts[0].strip().isdigit():  # "24-26 Dec": the month comes once
        last = read_day(parts[1], today)
        first = _dated(int(parts[0]), last.month, last.year, today)
        if first > last:
            raise UnreadableDays(f"{text.strip()} ends before it starts.")
        return first, last
    if len(parts) == 1:
        day = read_day(parts[0], today)
        return day, day
    # The end is the next one to come; the start, the last before it: "30 Nov - 3 Dec" typed on
    # 2 Dec began two days ago (not next year), "28 Dec - 3 Jan" runs into the new year.
    last = read_day(parts[1], today)
    first = read_day(parts[0], last - timedelta(days=365))
    if first < today - timedelta(days=31):  # "5 Dec - 3 Dec": read so, it would be a year
        raise UnreadableDays(f"{text.strip()} ends before it starts.")
    return first, last


def read_day(text: str, after: date) -> date:
    """One day, the first on or after `after` when no year is given."""
    words = " ".join(text.lower().replace(",", " ").split())
    if words == "today":
        return after
    if words == "tomorrow":
        return after + timedelta(days=1)
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1), (_NUMERIC, 1, 2)):
        match = pattern.fullmatch(words)
        if match is None:
            continue
        month_text = match.group(month_at)
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
        year = match.group(3)
        if month is not None:
            return _dated(int(match.group(day_at)), month, int(year) if year else None, after)
    raise UnreadableDays(f'I can\'t read "{text.strip()}" as a day. For example {EXAMPLE_DAYS}.')


def read_hours(text: str) -> tuple[str, tuple[time, time], str]:
    """'Lombardy East 16:00-18:30 today' → what comes before the hours, the hours (24:00 is
    midnight), and what comes after."""
    match = _HOURS.search(text)
    if match is None:
        raise UnreadableDays("Which hours? For example 16:00-18:30.")
    h1, m1, h2, m2 = (int(part or 0) for part in match.groups())
    try:
        hours = time(h1, m1), time(0) if (h2, m2) == (24, 0) else time(h2, m2)
    except ValueError:
        raise UnreadableDays(f'"{match.group(0)}" are not hours of a day.') from None
    return text[: match.start()].strip(), hours, text[match.end() :].strip()


def hours_on(day: date, hours: tuple[time, time], zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The hours as moments of that day; hours past midnight end the next day."""
    start, end = (datetime.combine(day, moment, zone) for moment in hours)
    return start, end if end > start else end + timedelta(days=1)


def _dated(day: int, month: int, year: int | None, after: date) -> date:
    try:
        if year is not None:
            return date(year, month, day)
        found = date(after.year, month, day)
        return found if found >= after else date(after.year + 1, month, day)
    except ValueError:
        raise UnreadableDays(f"There's no {day} {calendar.month_abbr[month]}.") from None
