"""The day in the words: a date ("12 Dec", "16/12", "the 20th of next month", "the first
Tuesday of March"), a day counted from today ("tomorrow", "in a fortnight", "a week after
tomorrow"), or a weekday ("Friday", "next Friday", "Friday after next", "Monday of next
week"). Each is cut from the words once read; a day in the past is refused."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from domain.when_normal import cut
from domain.when_readings import Answered, Question, Readings, Refused, Wanted
from domain.when_weekdays import (
    NTH_WEEKDAY,
    WEEKDAY_PHRASE,
    Found,
    add_months,
    nth_weekday,
    same_weekday,
    weekday_day,
    weeks,
)
from domain.when_words import COUNT, DATE_FORMS, MONTHS, WEEKDAY, WEEKDAYS

PAST = "That's in the past - which day coming up suits you?"
_DATE_OR_HOURS = (
    'Is "{0}-{1}" a date or the hours from {0} to {1}? Please say the day and the times, '
    'like "Friday from {0} to {1}", or the date with its month, like "{0} {2}".'
)
_PAST_WORDS = re.compile(
    rf"\b(yesterday|ago|previous|(?:this )?past (?:week|{WEEKDAY})"
    rf"|last (?:week|night|month|year|{WEEKDAY}))\b"
)
# "16-12" is a date; beside another day ("Friday 10-12") it is a range of hours.
_DASHED = re.compile(r"\b(\d{1,2})-(\d{1,2})\b(?!\s*[ap]m\b)")
_DAY_WORDS = re.compile(rf"\b(today|tonight|tomorrow|overmorrow|{WEEKDAY})")
_UNIT_DAYS = {"day": 1, "wee": 7, "for": 14}  # by the start of the word
_UNIT = r"(days?|weeks?|fortnights?)"
_FROM_TODAY = r"(?:from now|from today|time|hence)"
_IN = re.compile(rf"\bin {COUNT} {_UNIT}(?: time)?\b|\b{COUNT} {_UNIT} {_FROM_TODAY}\b")
# "two days after", "the day before", "a week from"; "a week" alone only before a day ("a
# week today"): "the day tomorrow" is no offset.
_OFFSET = re.compile(
    rf"\b(?:{COUNT}|the) {_UNIT} (after|from|before|on)\s*$|\b{COUNT} (weeks?|fortnights?)()\s*$"
)
_RELATIVE = re.compile(r"\b(overmorrow|day after tomorrow|today|tomorrow)\b")
_NTH_OF_MONTH = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th) of (next|this) month\b")
_NTH = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b(?: of the month\b)?")


def read_days(words: str, today: date) -> tuple[list[Found], str]:
    """Every day named in the words, and the words left."""
    dates: list[date] = []
    words, loose = _dates(words, today, dates)
    if _PAST_WORDS.search(words):
        raise Answered(Refused(PAST))
    found = [Found.one(day) for day in dates]
    words = _counted(words, today, found, loose)
    words = weeks(words, today, found)
    if any(day < today for each in found for day in each.options):
        raise Answered(Refused(PAST))
    return found, words


def _dates(words: str, today: date, days: list[date]) -> tuple[str, bool]:
    """Dates said as dates; and whether one was a day of the month alone ("the 21st")."""
    for form, pattern in DATE_FORMS:
        while match := pattern.search(words):
            days.append(_date_from(form, match.groups(), today))
            words = cut(words, match)
    if (match := _DASHED.search(words)) and not days and not _DAY_WORDS.search(words):
        if _could_be_hours(int(match[1]), int(match[2])):
            named = calendar.month_name[int(match[2])]
            raise Answered(Question(_DATE_OR_HOURS.format(match[1], match[2], named)))
        days.append(_date_from("numeric", (match[1], match[2], None), today))
        words = cut(words, match)
    if match := NTH_WEEKDAY.search(words):
        days.append(nth_weekday(match, today))
        words = cut(words, match)
    while match := _NTH_OF_MONTH.search(words):
        month = add_months(today, 1 if match[2] == "next" else 0)
        days.append(valid(month.year, month.month, int(match[1])))
        words = cut(words, match)
    loose = False
    while match := _NTH.search(words):  # "the 3rd", "the 1st of the month"
        day = int(match[1])  # "the 3rd": this month, or next once it has passed
        month = add_months(today, 1 if day < today.day else 0)
        days.append(valid(month.year, month.month, day))
        words = cut(words, match)
        loose = True
    return words, loose


def _counted(words: str, today: date, found: list[Found], loose: bool) -> str:
    """Days counted from today or from another day, and weekdays."""
    while match := _IN.search(words):
        count, unit = (match[1], match[2]) if match[1] else (match[3], match[4])
        days = _count(count) * _UNIT_DAYS[unit[:3]]
        found.append(Found.one(today + timedelta(days=days)))
        words = cut(words, match)
    dated = [each.options[0] for each in found]
    for pattern, base in ((_RELATIVE, _relative), (WEEKDAY_PHRASE, weekday_day)):
        while match := pattern.search(words):
            if base is weekday_day and dated and not (match[1] or match[3]):
                found[:] = [same_weekday(dated[0], WEEKDAYS[match[2][:3]], loose)]
                words = cut(words, match)
                continue
            day = base(match, today)
            before, after = words[: match.start()], words[match.end() :]
            shift = 0
            if offset := _OFFSET.search(before):
                said, unit, way = offset.groups()[:3] if offset[2] else offset.groups()[3:]
                count = 1 if said is None else _count(said)
                shift = (-1 if way == "before" else 1) * count * _UNIT_DAYS[unit[:3]]
                before = before[: offset.start()]
            elif later := re.match(r"\s*(week|fortnight)\b", after):  # "tomorrow week"
                shift = _UNIT_DAYS[later[1][:3]]
                after = after[later.end() :]
            options = (day,) if isinstance(day, date) else day.options
            question = "" if isinstance(day, date) else day.question
            shifted = tuple(d + timedelta(days=shift) for d in options)
            found.append(Found(shifted, question, by_weekday=base is weekday_day and not shift))
            words = " ".join(f"{before} {after}".split()).join("  ")
    return words


def _relative(match: re.Match[str], today: date) -> date | Found:
    ahead = {"overmorrow": 2, "day after tomorrow": 2, "tomorrow": 1}
    return today + timedelta(days=ahead.get(match[1], 0))


def _date_from(form: str, groups: tuple[str | None, ...], today: date) -> date:
    if form == "iso":
        year, month, day = (int(g or 0) for g in groups)
        return valid(year, month, day)
    if form in ("day_month", "month_day"):
        first, second, year_text = groups
        day_text, month_text = (first, second) if form == "day_month" else (second, first)
        return _in_year(int(day_text or 0), MONTHS[(month_text or "")[:3]], year_text, today)
    day_text, month_text, year_text = groups  # day/month, as written in South Africa
    full_year = None if year_text is None else str(2000 + int(year_text) % 100)
    day, month = int(day_text or 0), int(month_text or 0)
    if month > 12 and day <= 12:
        said = f"{day_text}/{month_text}"
        swapped = _in_year(month, day, full_year, today)
        raise Answered(
            Readings(
                f"There is no month {month} - by {said} did you mean this?", (Wanted(swapped),)
            )
        )
    return _in_year(day, month, full_year, today)


def _in_year(day: int, month: int, year_text: str | None, today: date) -> date:
    """A date without a year is the next one to come."""
    if year_text is not None:
        return valid(int(year_text), month, day)
    this_year = valid(today.year, month, day, leap_ok=True)
    return this_year if this_year >= today else valid(today.year + 1, month, day)


def _could_be_hours(first: int, second: int) -> bool:
    """ "2-4" or "9-5" may be two hours as much as a day and a month."""
    return 1 <= first <= 12 and 1 <= second <= 12


def valid(year: int, month: int, day: int, *, leap_ok: bool = False) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if leap_ok and (month, day) == (2, 29):
            return valid(year + 1 + (3 - year % 4), month, day)
        if not 1 <= month <= 12:
            raise Answered(Refused(f'There is no month {month}. Try "12 Dec".')) from None
        name = date(2000, month, 1).strftime("%b")
        raise Answered(Refused(f"There is no {day} {name}. Which day did you mean?")) from None


def _count(said: str) -> int:
    return 1 if said in ("a", "an", "one") else int(said)
