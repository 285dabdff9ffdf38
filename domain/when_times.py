"""The time in the words: exact ("10am", "14h30", "half past 3 pm", "around 11"), a range
("before 11", "after lunch", "between 2 and 4", "tomorrow morning"), or counted from now ("in 2
hours"). Each is cut from the words once read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from domain.when_normal import cut
from domain.when_readings import Answered, Refused
from domain.when_words import AMPM, COUNT, LATE, SPANS, TIME_FORMS

# Without am/pm, an hour from 1 to 7 means the afternoon: nobody books IT support at 3am. But
# 6 and 7 may be early morning or evening: both are offered unless the words say which.
AFTERNOON_HOURS = range(1, 8)
EITHER_HOURS = (6, 7)
NOT_A_TIME = 'That isn\'t a time of day I know. Try "10:30" or "2pm".'
_T = rf"(\d{{1,2}}(?::\d{{2}})?(?:\s*{AMPM})?|noon|midnight)"
_BETWEEN = re.compile(rf"\b(?:between|from) {_T}\s*(?:and|to|until|through|-)\s*{_T}")
_DASHED = re.compile(
    rf"\b(\d{{1,2}}(?::\d{{2}})?(?:\s*{AMPM})?)\s*(?:-|to|until)\s*(\d{{1,2}}(?::\d{{2}})?\s*{AMPM})"
)
_HYPHENED = re.compile(r"\b(\d{1,2}(?::\d{2})?)()\s*(?:-|until|through)\s*(\d{1,2}(?::\d{2})?)\b")
_BEFORE = re.compile(
    rf"\b(?:(?<!not )before|by|until|no later than|not after|latest) {_T}(?: at the latest)?"
    rf"|\b{_T} (?:at the )?latest\b"
)
_AFTER = re.compile(rf"\b(?:(?:any ?time )?(?<!not )after|from|not before|no earlier than) {_T}")
_SOON = re.compile(
    r"\b(?:as soon as (?:possible|you can)|asap|(?:right )?now|right away|straight away"
    r"|immediately|(?:the )?(?:soonest|earliest) (?:possible|you can)|urgent(?:ly)?"
    r"|(?:the )?(?:first|next|earliest) (?:available|free|open)(?: slot| time| one)?)\b"
)
_FROM_NOW = re.compile(
    rf"\b(?:in {COUNT} (hours?|minutes?)|{COUNT} (hours?|minutes?) from now)(?: time)?\b"
)


@dataclass
class Times:
    """What the words say of the time of day."""

    clocks: list[tuple[time, bool]] = field(default_factory=list)  # and whether am/pm was unsaid
    windows: list[tuple[time, time]] = field(default_factory=list)  # said as bounds
    parts: list[tuple[time, time]] = field(default_factory=list)  # parts of the day: looser
    moment: datetime | None = None  # "in 2 hours"
    soon: bool = False  # "asap": from now on, if no day is named


def read_times(words: str, now: datetime) -> tuple[Times, str]:
    times = Times()
    if match := _FROM_NOW.search(words):
        count, unit = (match[1], match[2]) if match[1] else (match[3], match[4])
        amount = 1 if count in ("a", "an", "one") else int(count)
        minutes = amount * (60 if unit.startswith("h") else 1)
        times.moment = now + timedelta(minutes=minutes)
        words = cut(words, match)
    if match := _SOON.search(words):
        times.soon = True
        words = cut(words, match)
    for pattern in (_BETWEEN, _DASHED, _HYPHENED):
        while match := pattern.search(words):
            times.windows.append(_range(match[1], match[3]))
            words = cut(words, match)
    for pattern in (_BEFORE, _AFTER):
        while match := pattern.search(words):
            said = _said_time(match[1] or match[3])
            times.windows.append((time(0), said) if pattern is _BEFORE else (said, LATE))
            words = cut(words, match)
    for form, compiled in TIME_FORMS:
        while match := compiled.search(words):
            times.clocks.append(_time_from(form, match.groups()))
            words = cut(words, match)
    for span, window in SPANS.items():
        while match := re.search(rf"\b(?:{span})\b", words):
            times.parts.append(window)
            words = cut(words, match)
    return times, words


def lone_number(words: str) -> tuple[int | None, str]:
    """The one number left on its own ("9 tomorrow", "Friday 10"), and the words without it."""
    numbers = re.findall(r"(?<![\d:/.-])(?<!to )(?<!and )(?<!or )\b\d{1,2}\b(?![\d:/.-])", words)
    if len(numbers) != 1:
        return None, words
    return int(numbers[0]), re.sub(rf"\b{numbers[0]}\b", " ", words, count=1)


def hour_said(hour: int) -> tuple[time, bool]:
    """An hour said without am/pm (1 to 7 taken as the afternoon), and whether am/pm was
    left unsaid."""
    return _clock(hour + 12 if hour in AFTERNOON_HOURS else hour, 0), hour <= 12


def _range(first: str, second: str) -> tuple[time, time]:
    """ "2" to "4pm": the am/pm of the end, when the start has none and it fits."""
    suffix = re.search(r"(am|pm)$", second)
    if suffix and not re.search(r"(am|pm)$", first):
        with_suffix = _said_time(f"{first} {suffix[1]}")
        if with_suffix < _said_time(second):
            return with_suffix, _said_time(second)
    start, end = _said_time(first), _said_time(second)
    if end <= start:
        raise Answered(Refused(f"From {start:%H:%M} to {end:%H:%M}? Which times suit you?"))
    return start, end


def _said_time(said: str) -> time:
    said = said.strip()
    if said in ("noon", "midnight"):
        return time(12) if said == "noon" else time(0)
    match = re.fullmatch(rf"(\d{{1,2}})(?::(\d{{2}}))?\s*{AMPM}?", said)
    assert match is not None
    at, _ = _time_from("hm", (match[1], match[2] or "00", match[3]))
    return at


def _time_from(form: str, groups: tuple[str | None, ...]) -> tuple[time, bool]:
    """The time of one of TIME_FORMS, and whether am/pm was left unsaid."""
    if form == "noon":
        return (time(0) if groups[0] == "midnight" else time(12)), False
    hour = int(groups[0] or 0)
    minute = int(groups[1] or 0) if form in ("hm", "hhmm") else 0
    suffix = (groups[2] if form == "hm" else groups[1] if form == "h_ampm" else None) or ""
    if suffix and not 1 <= hour <= 12:
        raise Answered(Refused(NOT_A_TIME))
    if suffix == "pm" and hour < 12:
        return _clock(hour + 12, minute), False
    if suffix == "am" and hour == 12:
        return _clock(0, minute), False
    unsaid = not suffix and form in ("at_h", "h_oclock", "hm", "h_about") and 1 <= hour <= 12
    guess = unsaid and hour in AFTERNOON_HOURS
    return _clock(hour + 12 if guess else hour, minute), unsaid


def _clock(hour: int, minute: int) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Answered(Refused(NOT_A_TIME))
    return time(hour, minute)
