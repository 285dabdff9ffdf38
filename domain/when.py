"""Dates and times in plain words, as customers type them: "tomorrow afternoon", "Friday 10am",
"12 Dec at 2", "next Tuesday morning", "16/12 at 14h30". Read against the local date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from domain.errors import DomainError

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
PARTS_OF_DAY = {
    "morning": (time(8), time(12)),
    "lunchtime": (time(12), time(14)),
    "afternoon": (time(12), time(17)),
    "evening": (time(17), time(21)),
    "tonight": (time(17), time(21)),
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Without am/pm, an hour from 1 to 7 means the afternoon: nobody books IT support at 3am.
_AFTERNOON_HOURS = range(1, 8)

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_HOUR = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_DATE_FORMS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("day_month", re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH}{_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_ORDINAL}\b{_YEAR}")),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")),
    ("the_nth", re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b")),
]
_TIME_FORMS = [
    ("hm", re.compile(r"\b(\d{1,2})\s*[:h.]\s*(\d{2})\s*(am|pm|a\.m\.|p\.m\.)?(?!\d)")),
    ("h_ampm", re.compile(rf"\b{_HOUR}\s*(am|pm|a\.m\.|p\.m\.)")),
    ("h_oclock", re.compile(rf"\b{_HOUR}\s*(?:o'?clock)")),
    ("past", re.compile(rf"\b(half|quarter)\s+past\s+{_HOUR}\b")),
    ("to", re.compile(rf"\bquarter\s+to\s+{_HOUR}\b")),
    ("h_suffix", re.compile(r"\b(\d{1,2})h\b")),
    ("at_h", re.compile(rf"\b(?:at|@|around|about)\s+{_HOUR}\b")),
    ("noon", re.compile(r"\b(noon|midday|midnight)\b")),
]


class UnreadableTime(DomainError):
    """The words do not name a date or time; the message says what went wrong, kindly."""


@dataclass(frozen=True, slots=True)
class Wanted:
    """A day, with an exact time, a part of the day, or neither."""

    day: date
    at: time | None = None
    window: tuple[time, time] | None = None


def read_when(text: str, today: date) -> Wanted:
    words = " " + re.sub(r"\s+", " ", text.lower().replace(",", " ")).strip() + " "
    if re.search(r"\byesterday\b|\blast (week|mon|tue|wed|thu|fri|sat|sun)", words):
        raise UnreadableTime("That's in the past - which day coming up suits you?")
    day, words = _day(words, today)
    at, words = _time(words)
    window = next((span for name, span in PARTS_OF_DAY.items() if name in words), None)
    if day is None and at is None and window is None:
        raise UnreadableTime(
            'Sorry, I couldn\'t tell which day or time you mean. Try "tomorrow at 10", '
            '"Friday afternoon" or "12 Dec at 2pm".'
        )
    if at is not None and window is not None and window[0] >= time(12) and at.hour < 12:
        at = at.replace(hour=at.hour + 12)  # "3 in the afternoon"
    return Wanted(day or today, at, None if at else window)


def _day(words: str, today: date) -> tuple[date | None, str]:
    for form, pattern in _DATE_FORMS:
        if match := pattern.search(words):
            return _date_from(form, match.groups(), today), _cut(words, match)
    relative = [
        (r"\bday after tomorrow\b", 2),
        (r"\b(tomorrow|tomorow|tmrw|tmr)\b", 1),
        (r"\b(today|tonight|this (morning|afternoon|evening))\b", 0),
    ]
    for phrase, days in relative:
        if match := re.search(phrase, words):
            return today + timedelta(days=days), words
    if match := re.search(r"\bin (\d{1,2}|a|one|two|three) (day|week)s?\b", words):
        count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(match[1]) or int(match[1])
        return today + timedelta(days=count * (7 if match[2] == "week" else 1)), _cut(words, match)
    weekday = re.search(r"\b(next\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", words)
    if weekday:
        ahead = (WEEKDAYS[weekday[2]] - today.weekday()) % 7
        if weekday[1] and weekday[1].strip() == "next":  # the one in next week
            ahead = WEEKDAYS[weekday[2]] + 7 - today.weekday()
        return today + timedelta(days=ahead), _cut(words, weekday)
    return None, words


def _date_from(form: str, groups: tuple[str | None, ...], today: date) -> date:
    if form == "iso":
        year, month, day = (int(g or 0) for g in groups)
        return _valid(year, month, day)
    if form == "day_month":
        day_text, month_text, year_text = groups
        return _in_year(int(day_text or 0), MONTHS[month_text or ""], year_text, today)
    if form == "month_day":
        month_text, day_text, year_text = groups
        return _in_year(int(day_text or 0), MONTHS[month_text or ""], year_text, today)
    if form == "numeric":  # day/month, as written in South Africa
        day_text, month_text, year_text = groups
        full_year = None if year_text is None else str(2000 + int(year_text) % 100)
        return _in_year(int(day_text or 0), int(month_text or 0), full_year, today)
    day = int(groups[0] or 0)  # "the 3rd": this month, or next once it has passed
    month, year = today.month, today.year
    if day < today.day:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return _valid(year, month, day)


def _in_year(day: int, month: int, year_text: str | None, today: date) -> date:
    """A date without a year is the next one to come."""
    if year_text is not None:
        return _valid(int(year_text), month, day)
    this_year = _valid(today.year, month, day, leap_ok=True)
    return this_year if this_year >= today else _valid(today.year + 1, month, day)


def _valid(year: int, month: int, day: int, *, leap_ok: bool = False) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if leap_ok and (month, day) == (2, 29):
            return _valid(year + 1 + (3 - year % 4), month, day)
        names = [n for n, number in MONTHS.items() if number == month]
        if not names:
            raise UnreadableTime(f'There is no month {month}. Try "12 Dec".') from None
        raise UnreadableTime(
            f"There is no {day} {names[0].title()}. Which day did you mean?"
        ) from None


def _time(words: str) -> tuple[time | None, str]:
    for form, pattern in _TIME_FORMS:
        if match := pattern.search(words):
            return _time_from(form, match.groups()), _cut(words, match)
    return None, words


def _time_from(form: str, groups: tuple[str | None, ...]) -> time:
    if form == "noon":
        return time(0) if groups[0] == "midnight" else time(12)
    if form == "past":
        hour, minute = _hour(groups[1]), 30 if groups[0] == "half" else 15
        return _clock(_pm_guess(hour), minute)
    if form == "to":
        return _clock(_pm_guess(_hour(groups[0])) - 1, 45)
    hour = _hour(groups[0])
    minute = int(groups[1] or 0) if form == "hm" else 0
    suffix = (groups[2] if form == "hm" else groups[1] if form == "h_ampm" else None) or ""
    if suffix.startswith("p") and hour < 12:
        hour += 12
    elif suffix.startswith("a") and hour == 12:
        hour = 0
    elif not suffix and form in ("at_h", "h_oclock", "hm"):
        hour = _pm_guess(hour)
    return _clock(hour, minute)


def _hour(text: str | None) -> int:
    return NUMBER_WORDS.get(text or "") or int(text or 0)


def _pm_guess(hour: int) -> int:
    return hour + 12 if hour in _AFTERNOON_HOURS else hour


def _clock(hour: int, minute: int) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise UnreadableTime('That isn\'t a time of day I know. Try "10:30" or "2pm".')
    return time(hour, minute)


def _cut(words: str, match: re.Match[str]) -> str:
    return words[: match.start()] + " " + words[match.end() :]
