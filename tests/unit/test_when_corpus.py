"""The reader against a corpus of how people write when they want us (tests/data/
when_corpus.txt, or the file WHEN_CORPUS names): none read wrong, at least 90 % read right,
and every other answer a question, a range or options to choose from, never silence.

Wrong: one definite reading that is not the one expected (another day, another time, a time
where none was said, another range), or options none of which is the one expected. Asked:
anything else that is not right (a question, a refusal, options that include the one meant)."""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

from domain.when import Question, Reading, Readings, Refused, Wanted, read_when, told
from domain.when_words import LATE

CORPUS = Path(os.environ.get("WHEN_CORPUS") or Path(__file__).parents[1] / "data/when_corpus.txt")
Expected = tuple[Wanted, ...] | str  # the readings, or "ask" or "refuse"


def test_the_corpus_is_read_right_and_never_wrong() -> None:
    now, cases = _corpus(CORPUS.read_text(encoding="utf-8"))
    grades: Counter[str] = Counter()
    shown: list[str] = []
    for phrase, expected in cases:
        reading = read_when(phrase, now)
        grade = _grade(reading, expected)
        grades[grade] += 1
        if grade != "right" or not _answered(reading):
            shown.append(f"  {grade}: {phrase!r} -> {reading} (expected {expected})")
    total = sum(grades.values())
    summary = (
        f"{total} phrases: {grades['right']} right ({grades['right'] / total:.0%}), "
        f"{grades['asked']} asked, {grades['wrong']} wrong"
    )
    silent = [phrase for phrase, _ in cases if not _answered(read_when(phrase, now))]
    assert grades["wrong"] == 0 and grades["right"] >= 0.9 * total and not silent, "\n".join(
        [summary, *shown]
    )


def _grade(reading: Reading, expected: Expected) -> str:
    if isinstance(expected, str):
        kinds = {"ask": (Question, Readings), "refuse": (Refused,)}[expected]
        if isinstance(reading, kinds):
            return "right"
        return "wrong" if isinstance(reading, Wanted) else "asked"
    if isinstance(reading, Wanted):
        return "right" if expected == (reading,) else "wrong"
    if isinstance(reading, Readings):
        if set(reading.options) == set(expected):
            return "right"
        return "asked" if set(expected) & set(reading.options) else "wrong"
    return "asked"


def _answered(reading: Reading) -> bool:
    """A single reading is offered as times; anything else is said, with options if any."""
    if isinstance(reading, Readings) and not reading.options:
        return False
    return isinstance(reading, Wanted) or bool(told(reading))


def _corpus(text: str) -> tuple[datetime, list[tuple[str, Expected]]]:
    now_line = re.search(r"^# now: (\S+ \S+)", text, re.MULTILINE)
    assert now_line is not None, "the corpus says when it is read: '# now: 2026-11-23 09:15'"
    cases = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, _, expected = line.rpartition("|")
            cases.append((phrase.strip(), _expected(expected.strip())))
    return datetime.fromisoformat(now_line[1]), cases


def _expected(said: str) -> Expected:
    if said in ("ask", "refuse"):
        return said
    return tuple(_wanted(each.strip()) for each in said.split(" or "))


def _wanted(said: str) -> Wanted:
    """2026-11-27; 2026-11-27 10:00; 2026-11-27 08:00-12:00 (24:00: the end of the day)."""
    day_said, _, time_said = said.partition(" ")
    day = date.fromisoformat(day_said)
    if not time_said:
        return Wanted(day)
    if "-" not in time_said:
        return Wanted(day, time.fromisoformat(time_said))
    start, end = time_said.split("-")
    return Wanted(day, window=(time.fromisoformat(start), _end(end)))


def _end(said: str) -> time:
    return LATE if said == "24:00" else time.fromisoformat(said)
