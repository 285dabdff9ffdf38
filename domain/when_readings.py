"""What the reader makes of the words: one reading (a day with an exact time, a range of
times, or neither), several readings to choose from, a question naming what was understood,
or a refusal with its reason. Never a silent guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True, slots=True)
class Wanted:
    """A day, with an exact time, a range of start times (`window`, end excluded), or
    neither (any time that day)."""

    day: date
    at: time | None = None
    window: tuple[time, time] | None = None


@dataclass(frozen=True, slots=True)
class Readings:
    """The words can mean each of these: the customer chooses."""

    question: str
    options: tuple[Wanted, ...]


@dataclass(frozen=True, slots=True)
class Question:
    """Some words were not understood; what was, if anything, to offer beside the question."""

    text: str
    understood: Wanted | None = None


@dataclass(frozen=True, slots=True)
class Refused:
    """No day to come can be read: in the past, impossible, or no date at all."""

    reason: str


Reading = Wanted | Readings | Question | Refused


def told(reading: Reading) -> str:
    """What the customer is told with the times offered: the question or the reason; nothing
    more for a single reading."""
    if isinstance(reading, Refused):
        return reading.reason
    if isinstance(reading, Readings):
        return reading.question
    return reading.text if isinstance(reading, Question) else ""


class Answered(Exception):
    """Reading stops early with this answer (a refusal, a question, readings to choose)."""

    def __init__(self, answer: Reading) -> None:
        super().__init__(answer)
        self.answer = answer
