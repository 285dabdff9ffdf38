"""Periods the technician asks figures for: this month, last month, a quarter, a year, or two
dates, read from a few words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from domain.errors import DomainError

PERIOD_HELP = (
    'a period: "this month", "last month", a quarter like "q3" or "q3 2026", a year like '
    '"2026", or two dates like "2026-03-01 2026-03-31"'
)
_QUARTER = re.compile(r"q([1-4])(?:\s+(\d{4}))?")
_YEAR = re.compile(r"\d{4}")
_DATES = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:-|to|\s)\s*(\d{4}-\d{2}-\d{2})")


class UnknownPeriod(DomainError):
    pass


@dataclass(frozen=True, slots=True)
class Period:
    """From `first` to `last`, both days included, in the business's time zone."""

    first: date
    last: date
    label: str

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """Its start and end (exclusive) in UTC."""
        return _utc(self.first, zone), _utc(self.last + timedelta(days=1), zone)

    def months(self, zone: tzinfo) -> list[tuple[str, tuple[datetime, datetime]]]:
        """Each calendar month it touches ("2026-03"), cut to the period, bounds in UTC."""
        months = []
        day = self.first
        while day <= self.last:
            following = _month_after(day)
            last = min(following - timedelta(days=1), self.last)
            months.append((f"{day:%Y-%m}", (_utc(day, zone), _utc(last + timedelta(1), zone))))
            day = following
        return months

    @property
    def slug(self) -> str:
        """For file names: 2026-03-01_2026-03-31."""
        return f"{self.first:%Y-%m-%d}_{self.last:%Y-%m-%d}"


def parse_period(text: str, today: date) -> Period:
    """The period the words name; this month when they name none."""
    words = " ".join(text.casefold().split())
    if words in ("", "this month", "month"):
        return _month(today.replace(day=1), "this month")
    if words == "last month":
        return _month((today.replace(day=1) - timedelta(days=1)).replace(day=1), "last month")
    if match := _QUARTER.fullmatch(words):
        quarter, year = int(match.group(1)), int(match.group(2) or today.year)
        first = date(year, 3 * quarter - 2, 1)
        last = _month_after(date(year, 3 * quarter, 1)) - timedelta(days=1)
        return Period(first, last, f"Q{quarter} {year}")
    if _YEAR.fullmatch(words):
        year = int(words)
        return Period(date(year, 1, 1), date(year, 12, 31), str(year))
    if match := _DATES.fullmatch(words):
        first, last = _day(match.group(1)), _day(match.group(2))
        if last < first:
            raise UnknownPeriod("the second date comes before the first")
        return Period(
            first, last, f"{_day_text(first)} {first.year} to {_day_text(last)} {last.year}"
        )
    raise UnknownPeriod(f"I can't read {text.strip()!r} as {PERIOD_HELP}")


def last_week(today: date) -> Period:
    """Monday to Sunday of the week before today's."""
    first = today - timedelta(days=today.weekday() + 7)
    last = first + timedelta(days=6)
    return Period(first, last, f"last week ({_day_text(first)} to {_day_text(last)})")


def _month(first: date, name: str) -> Period:
    return Period(first, _month_after(first) - timedelta(days=1), f"{name} ({first:%B %Y})")


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UnknownPeriod(f"{text} is not a date") from exc


def _day_text(day: date) -> str:
    return f"{day.day} {day:%b}"


def _utc(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(UTC)
