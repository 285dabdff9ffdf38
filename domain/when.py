"""Dates and times in plain words, as customers type them: "tomorrow afternoon", "Friday 10am",
"12 Dec at 2", "before 11 tomorrow", "next Tuesday" (said on a Monday), "half drie". Read
against the local time now. Every word must be accounted for: a word not understood makes it
ask, naming what it did understand; a range is a range; words with two meanings give both."""

from __future__ import annotations

import re
from datetime import datetime, time

from domain.when_days import read_days
from domain.when_normal import normalize
from domain.when_readings import Answered, Question, Reading, Readings, Refused, Wanted, told
from domain.when_times import EITHER_HOURS, Times, hour_said, lone_number, read_times
from domain.when_weekdays import Found, add_months, day_of
from domain.when_words import FILLER, LATE, MONTH, MONTH_NAMES, MONTHS

NOT_UNDERSTOOD = (
    'Sorry, I couldn\'t tell which day or time you mean. Try "tomorrow at 10", '
    '"Friday afternoon" or "12 Dec at 2pm".'
)


def read_when(text: str, now: datetime) -> Reading:
    """What the words say of when, read at `now` (local wall time)."""
    try:
        return _read(" " + normalize(text) + " ", now)
    except Answered as answered:
        return answered.answer


def _read(words: str, now: datetime) -> Reading:
    found, words = read_days(words, now.date())
    times, words = read_times(words, now)
    if (found or times.parts) and not times.clocks and times.moment is None:
        words = _lone_number(words, found, times, now)
    unknown = [word for word in words.split() if word not in FILLER]
    if times.soon and not found:
        times.windows.append((now.time().replace(second=0, microsecond=0), LATE))
    days = _days(found, times, now)
    if days is None:
        return Question(_what_day(unknown, words.split(), now))
    ats, window = _time_of_day(times)
    readings = tuple(Wanted(day, at, window) for day in days.options for at in ats)
    if unknown:
        understood = readings[0] if len(readings) == 1 else None
        said = _trimmed(words.split())
        if understood is None:
            return Question(f'I didn\'t follow "{said}". {NOT_UNDERSTOOD}')
        return Question(
            f'I understood {describe(understood)}, but not "{said}". Is one of these right?',
            understood,
        )
    if len(readings) > 1:
        question = "Which time did you mean?" if len(ats) > 1 else days.question
        return Readings(question or "Which day did you mean?", readings)
    return readings[0]


def _lone_number(words: str, found: list[Found], times: Times, now: datetime) -> str:
    """A number alone beside a day is an hour ("9 tomorrow"); beside a weekday it may be the
    date ("Friday 27", "Friday 4" when the 4th is a Friday): the date, or both offered."""
    number, rest = lone_number(words)
    if number is None:
        return words
    weekdays = [each.options for each in found if each.by_weekday]
    month = add_months(now.date(), 0 if number >= now.day else 1)
    dated = day_of(month, number)
    if weekdays and dated and dated.weekday() == weekdays[0][0].weekday():
        if dated in weekdays[0]:
            return rest  # "Friday 27": the 27th is that Friday
        if 1 <= number <= 23:
            at, _ = hour_said(number)
            options = (*(Wanted(day, at) for day in weekdays[0]), Wanted(dated))
            raise Answered(Readings("Which did you mean?", options))
    if not 1 <= number <= 23:
        return words
    times.clocks.append(hour_said(number))
    return rest


def _days(found: list[Found], times: Times, now: datetime) -> Found | None:
    """The day or days meant; None when the words name neither a day nor a time."""
    if times.moment is not None:
        found = [*found, Found.one(times.moment.date())]
    distinct = {each.options for each in found}
    if len(distinct) > 1:
        days = sorted({day for options in distinct for day in options})
        return Found(tuple(days), "Which day did you mean?")
    if distinct:
        return found[0]
    if times.clocks or times.windows or times.parts:
        return Found.one(now.date())
    return None


def _time_of_day(times: Times) -> tuple[tuple[time | None, ...], tuple[time, time] | None]:
    """The exact time (or both, for 6 or 7 without am/pm), or the range: several ranges are
    narrowed to what they share; an hour without am/pm is moved into the part of the day
    said ("tomorrow morning at 7")."""
    window = _overlap(times.windows + times.parts)
    if times.moment is not None:
        times.clocks.append((times.moment.time().replace(second=0, microsecond=0), False))
    clocks = {_inside(at, unsaid, window): unsaid and not window for at, unsaid in times.clocks}
    if len(clocks) > 1:
        said = " or ".join(f"{at:%H:%M}" for at in sorted(clocks))
        raise Answered(Question(f"Which time did you mean, {said}?"))
    if not clocks:
        return (None,), window
    [(at, unsure)] = clocks.items()
    bounds, part = _overlap(times.windows), _overlap(times.parts)
    if (bounds and not bounds[0] <= at < bounds[1]) or (part and not _same_half(at, part)):
        said = range_text(bounds or part or (at, at))
        raise Answered(Question(f"{at:%H:%M} isn't {said}. Which time did you mean?"))
    unsaid = any(not_said for _, not_said in times.clocks)
    if unsaid and part and _distance(at, part) >= UNSAID_TOLERANCE:  # "afternoon at 9"
        other = at.replace(hour=(at.hour + 12) % 24)
        earlier, later = sorted((at, other))
        raise Answered(Question(f"Which time did you mean, {earlier:%H:%M} or {later:%H:%M}?"))
    if unsure and at.hour - 12 in EITHER_HOURS:  # said as 6 or 7, taken as the evening
        return (at.replace(hour=at.hour - 12), at), None
    return (at,), None


def _trimmed(left: list[str]) -> str:
    """The words left, from the first not understood to the last."""
    marks = [i for i, word in enumerate(left) if word not in FILLER]
    return " ".join(left[marks[0] : marks[-1] + 1])


def _overlap(windows: list[tuple[time, time]]) -> tuple[time, time] | None:
    """What all the ranges share; a question when they share nothing."""
    window: tuple[time, time] | None = None
    for start, end in windows:
        window = (max(start, window[0]), min(end, window[1])) if window else (start, end)
    if window is not None and window[0] >= window[1]:
        raise Answered(Question("Those times don't overlap. Which time suits you?"))
    return window


# An hour said without am/pm this far from the part of the day said fits neither half well.
UNSAID_TOLERANCE = 2 * 60


def _same_half(at: time, part: tuple[time, time]) -> bool:
    """A part of the day is loose: a time up to three hours either side of it still fits
    ("5 in the morning", "lunch at 11:30"); further, it is a contradiction."""
    return _distance(at, part) <= 3 * 60


def _inside(at: time, unsaid: bool, window: tuple[time, time] | None) -> time:
    """An hour without am/pm, in the half of the day nearer the range said: "tomorrow morning
    at 7", "tonight at 8", "3 in the afternoon", "lunch at 11:30"."""
    if not unsaid or window is None:
        return at
    other = at.replace(hour=(at.hour + 12) % 24)
    return other if _distance(other, window) < _distance(at, window) else at


def _distance(at: time, window: tuple[time, time]) -> int:
    """Minutes from a time to a range of times; 0 inside it."""
    minutes = at.hour * 60 + at.minute
    start, end = (t.hour * 60 + t.minute for t in window)
    return max(start - minutes, minutes - end, 0)


def _what_day(unknown: list[str], said: list[str], now: datetime) -> str:
    """A month without a day is asked about; other words, with the usual examples."""
    months = [MONTH_NAMES[MONTHS[w[:3]] - 1] for w in unknown if re.fullmatch(MONTH, w)]
    if "month" in unknown and not months and not {"a", "an", "1", "one"} & set(said):
        months = [MONTH_NAMES[(now.month - (0 if "next" in unknown else 1)) % 12]]
    if months:
        month = months[0]
        return f'Which day in {month} suits you? For example "the 15th at 10".'
    return NOT_UNDERSTOOD


def describe(wanted: Wanted) -> str:
    """Fri 27 Nov at 10:00; Wed 25 Nov before 11:00; Thu 26 Nov."""
    day = f"{wanted.day:%a} {wanted.day.day} {wanted.day:%b}"
    if wanted.at is not None:
        return f"{day} at {wanted.at:%H:%M}"
    return f"{day} {range_text(wanted.window)}" if wanted.window else day


def range_text(window: tuple[time, time]) -> str:
    start, end = window
    if start == time(0):
        return f"before {end:%H:%M}"
    if end == LATE:
        return f"from {start:%H:%M}"
    return f"between {start:%H:%M} and {end:%H:%M}"


__all__ = [
    "Question", "Reading", "Readings", "Refused", "Wanted", "describe", "range_text", "read_when",
    "told",
]  # fmt: skip
