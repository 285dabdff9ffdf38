"""Dates and times in plain words, as customers type them: "tomorrow afternoon", "Friday 10am",
"12 Dec at 2", "next Tuesday morning", "16/12 at 14h30". Read against the local date. What
cannot be read for sure is answered with a question, never with a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from domain.errors import DomainError
from domain.when_words import (
    DATE_FORMS,
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    TIME_FORMS,
    WEEKDAY,
    WEEKDAY_NAMES,
    WEEKDAYS,
)

# Without am/pm, an hour from 1 to 7 means the afternoon: nobody books IT support at 3am.
_AFTERNOON_HOURS = range(1, 8)
NOT_UNDERSTOOD = (
    'Sorry, I couldn\'t tell which day or time you mean. Try "tomorrow at 10", '
    '"Friday afternoon" or "12 Dec at 2pm".'
)


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
    if re.search(rf"\byesterday\b|\blast (week|{WEEKDAY})", words):
        raise UnreadableTime("That's in the past - which day coming up suits you?")
    day, words = _day(words, today)
    at, guessed_pm, words = _time(words)
    window = next((span for name, span in PARTS_OF_DAY.items() if name in words), None)
    if re.search(r"\d", words) or (day is None and at is None and window is None):
        raise UnreadableTime(NOT_UNDERSTOOD)  # numbers left over: we would only be guessing
    if at is not None and window is not None:
        if window[0] >= time(12) and at.hour < 12:
            at = at.replace(hour=at.hour + 12)  # "3 in the afternoon"
        elif window[1] <= time(12) and guessed_pm:
            at = at.replace(hour=at.hour - 12)  # "tomorrow morning at 7"
    return Wanted(day or today, at, None if at else window)


def _day(words: str, today: date) -> tuple[date | None, str]:
    named = re.search(rf"\b(?:next\s+|this\s+)?{WEEKDAY}", words)
    for form, pattern in DATE_FORMS:
        if match := pattern.search(words):
            day = _date_from(form, match.groups(), today)
            if named and day.weekday() != WEEKDAYS[named[1][:3]]:
                said = WEEKDAY_NAMES[WEEKDAYS[named[1][:3]]]
                raise UnreadableTime(
                    f"{day.day} {day:%b} is a {WEEKDAY_NAMES[day.weekday()]}, not a {said}. "
                    "Which day did you mean?"
                )
            rest = _cut(words, match)
            return day, re.sub(rf"\b(?:next\s+|this\s+)?{WEEKDAY}", " ", rest, count=1)
    for phrase, days in (
        (r"\bday after tomorrow\b", 2),
        (r"\b(tomorrow|tomorow|tmrw|tmr)\b", 1),
        # the part of the day stays, for the window: "this afternoon", "tonight"
        (r"\btoday\b|\b(?=tonight\b)|\bthis (?=morning|afternoon|evening)", 0),
    ):
        if match := re.search(phrase, words):
            return today + timedelta(days=days), _cut(words, match)
    if match := re.search(r"\bin (\d{1,2}|a|one|two|three) (day|week)s?\b", words):
        count = {"a": 1, "one": 1, "two": 2, "three": 3}.get(match[1]) or int(match[1])
        return today + timedelta(days=count * (7 if match[2] == "week" else 1)), _cut(words, match)
    return _weekday(words, today)


def _weekday(words: str, today: date) -> tuple[date | None, str]:
    """Friday; this Friday; next Friday, Friday next week (the one in next week); Friday week,
    a week from Friday (seven days after the coming one); next week (its Monday)."""
    next_monday = today + timedelta(days=7 - today.weekday())
    pattern = rf"\b(a week (?:from|on) |next |this )?{WEEKDAY}( next week| week)?"
    match = re.search(pattern, words)
    if match is None:
        if week := re.search(r"\bnext week\b", words):
            return next_monday, _cut(words, week)
        return None, words
    before, weekday, after = (match[1] or "").strip(), WEEKDAYS[match[2][:3]], match[3] or ""
    if before == "next" or after == " next week" or re.search(r"\bnext week\b", words):
        day = next_monday + timedelta(days=weekday)
    else:
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        if before.startswith("a week") or after == " week":
            day += timedelta(days=7)
    return day, re.sub(r"\bnext week\b", " ", _cut(words, match))


def _date_from(form: str, groups: tuple[str | None, ...], today: date) -> date:
    if form == "iso":
        year, month, day = (int(g or 0) for g in groups)
        return _valid(year, month, day)
    if form in ("day_month", "month_day"):
        first, second, year_text = groups
        day_text, month_text = (first, second) if form == "day_month" else (second, first)
        return _in_year(int(day_text or 0), MONTHS[(month_text or "")[:3]], year_text, today)
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


def _time(words: str) -> tuple[time | None, bool, str]:
    """The time named, whether its afternoon was a guess, and the words left."""
    for form, pattern in TIME_FORMS:
        if match := pattern.search(words):
            at, guessed = _time_from(form, match.groups())
            return at, guessed, _cut(words, match)
    return None, False, words


def _time_from(form: str, groups: tuple[str | None, ...]) -> tuple[time, bool]:
    if form == "noon":
        return (time(0) if groups[0] == "midnight" else time(12)), False
    if form == "past":
        hour, minute = _hour(groups[1]), 30 if groups[0] == "half" else 15
        return _clock(_pm_guess(hour), minute), hour in _AFTERNOON_HOURS
    if form == "to":
        hour = _hour(groups[0])
        return _clock(_pm_guess(hour) - 1, 45), hour in _AFTERNOON_HOURS
    hour = _hour(groups[0])
    minute = int(groups[1] or 0) if form in ("hm", "hhmm") else 0
    suffix = (groups[2] if form == "hm" else groups[1] if form == "h_ampm" else None) or ""
    if suffix.startswith("p") and hour < 12:
        return _clock(hour + 12, minute), False
    if suffix.startswith("a") and hour == 12:
        return _clock(0, minute), False
    if not suffix and form in ("at_h", "h_oclock", "hm") and hour in _AFTERNOON_HOURS:
        return _clock(hour + 12, minute), True
    return _clock(hour, minute), False


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
