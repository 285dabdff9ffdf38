"""Days named by their weekday ("Friday", "next Friday", "Friday after next", "Monday of next
week", "the first Tuesday of March") or by their week ("next week", "the weekend"), with the
readings to choose from when the words allow more than one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.when_normal import cut
from domain.when_words import MONTH, MONTHS, WEEKDAY, WEEKDAY_NAMES, WEEKDAYS

WEEKDAY_PHRASE = re.compile(
    rf"\b(this coming |coming |this |next |next week |this week |the )?{WEEKDAY}"
    r"( after next| next week| of next week| this week| of this week| week| fortnight| coming)?"
)
NTH_WEEKDAY = re.compile(
    rf"\b(?:the )?(1st|2nd|3rd|4th|last) {WEEKDAY} (?:of|in) (?:(next|this|the) month|{MONTH})"
)
WEEKS = re.compile(r"\b(?:(next|this|the) )?(week after next|week|weekend)\b")


@dataclass(frozen=True, slots=True)
class Found:
    """A day named, or the days the words may mean and the question to choose among them."""

    options: tuple[date, ...]
    question: str = ""
    by_weekday: bool = False  # named by its weekday alone: "Friday 4" may be the 4th

    @classmethod
    def one(cls, day: date) -> Found:
        return cls((day,))


def same_weekday(dated: date, weekday: int, loose: bool) -> Found:
    """ "Friday 12 Dec": fine when 12 Dec is a Friday; else that date, or the Friday nearest.
    "Thursday the 21st", no month said: the next 21st that is a Thursday, if within a year."""
    if dated.weekday() == weekday:
        return Found.one(dated)
    if loose:
        month = dated
        for _ in range(12):
            month = add_months(month, 1)
            if (later := day_of(month, dated.day)) and later.weekday() == weekday:
                return Found.one(later)
    nearest = dated + timedelta(days=(weekday - dated.weekday() + 3) % 7 - 3)
    said, named = WEEKDAY_NAMES[weekday], WEEKDAY_NAMES[dated.weekday()]
    question = f"{dated.day} {dated:%b} is a {named}, not a {said}. Which day did you mean?"
    return Found((dated, nearest), question)


def weeks(words: str, today: date, found: list[Found]) -> str:
    """A week or a weekend, not a day: its days (still to come) to choose from. "Next weekend"
    said in the week may be the coming one or the one after: all four days."""
    while match := WEEKS.search(words):
        which, span = match[1], match[2]
        monday = today - timedelta(days=today.weekday())
        weeks = {"week after next": [2], "weekend": [0, 1] if which == "next" else [0]}
        for week in weeks.get(span, [1 if which == "next" else 0]):
            first = monday + timedelta(days=7 * week)
            if span == "weekend" and which == "next" and today.weekday() >= 5:
                first += timedelta(days=7)
            days = [first + timedelta(days=d) for d in ((5, 6) if span == "weekend" else range(7))]
            found.append(Found(tuple(d for d in days if d >= today), "Which day suits you?"))
        words = cut(words, match)
    return words


def weekday_day(match: re.Match[str], today: date) -> date | Found:
    """Friday or this Friday: the coming one (today, said on a Friday). Next Friday: the one in
    next week; but said two days or less before a Friday, it may mean that one: both offered.
    Friday week or Friday after next: a week after the coming one."""
    before, weekday, after = (match[1] or "").strip(), WEEKDAYS[match[2][:3]], match[3] or ""
    coming = today + timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - timedelta(days=today.weekday())
    if "next week" in before or "next week" in after:
        return monday + timedelta(days=7 + weekday)
    if "this week" in before or "this week" in after:
        return monday + timedelta(days=weekday)
    if after.strip() in ("week", "after next"):
        return coming + timedelta(days=7 if coming > today or after == " week" else 14)
    if after == " fortnight":
        return coming + timedelta(days=14)
    if after == " coming" or "coming" in before:  # not today: "coming" is still to come
        return coming if coming > today else coming + timedelta(days=7)
    if not before and coming == today:  # "Monday", said on a Monday
        return Found((today, today + timedelta(days=7)), f"Which {WEEKDAY_NAMES[weekday]}?")
    if before != "next":
        return coming
    in_next_week = monday + timedelta(days=7 + weekday)
    soonest = coming if coming > today else coming + timedelta(days=7)
    if soonest != in_next_week and (soonest - today).days <= 2:
        return Found((soonest, in_next_week), f"Which {WEEKDAY_NAMES[weekday]} did you mean?")
    return in_next_week


def nth_weekday(match: re.Match[str], today: date) -> date:
    """The first Tuesday of March; the last Friday of the month."""
    which, weekday = match[1], WEEKDAYS[match[2][:3]]
    if match[4]:
        month = MONTHS[match[4][:3]]
        year = today.year + (1 if month < today.month else 0)
    else:
        first = add_months(today, 1 if match[3] == "next" else 0)
        year, month = first.year, first.month
    if which == "last":
        end = add_months(date(year, month, 1), 1) - timedelta(days=1)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    start = date(year, month, 1)
    return start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (int(which[0]) - 1))


def day_of(month: date, day: int) -> date | None:
    try:
        return month.replace(day=day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
