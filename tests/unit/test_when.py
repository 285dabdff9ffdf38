"""Dates and times in plain words, read on Tuesday 24 November 2026 at 10:00 in Johannesburg."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.when import Question, Readings, Refused, Wanted, read_when, told
from domain.when_words import LATE, PARTS_OF_DAY

NOW = datetime(2026, 11, 24, 10, 0)  # a Tuesday
MORNING, AFTERNOON = PARTS_OF_DAY["morning"], PARTS_OF_DAY["afternoon"]


def on(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        ("tomorrow afternoon", Wanted(on(11, 25), window=AFTERNOON)),
        ("Tomorrow morning", Wanted(on(11, 25), window=MORNING)),
        ("tomorrow at 10", Wanted(on(11, 25), time(10))),
        ("tmrw 9am", Wanted(on(11, 25), time(9))),
        ("day after tomorrow at 11:30", Wanted(on(11, 26), time(11, 30))),
        ("Friday 10am", Wanted(on(11, 27), time(10))),
        ("friday at 2", Wanted(on(11, 27), time(14))),
        ("Fri 14:00", Wanted(on(11, 27), time(14))),
        ("this Thursday morning", Wanted(on(11, 26), window=MORNING)),
        ("next Tuesday morning", Wanted(on(12, 1), window=MORNING)),
        ("next friday", Wanted(on(12, 4))),
        ("this Tuesday", Wanted(on(11, 24))),
        ("Monday at half past nine", Wanted(on(11, 30), time(9, 30))),
        ("saturday quarter past ten", Wanted(on(11, 28), time(10, 15))),
        ("wednesday quarter to three", Wanted(on(11, 25), time(14, 45))),
        ("12 Dec at 2", Wanted(on(12, 12), time(14))),
        ("12 December at 2pm", Wanted(on(12, 12), time(14))),
        ("Dec 12 2pm", Wanted(on(12, 12), time(14))),
        ("December 3rd at 9", Wanted(on(12, 3), time(9))),
        ("the 3rd of December, 10:30", Wanted(on(12, 3), time(10, 30))),
        ("3 dec 14h30", Wanted(on(12, 3), time(14, 30))),
        ("16/12 at 14h00", Wanted(on(12, 16), time(14))),
        ("2/12/2026 8:30", Wanted(on(12, 2), time(8, 30))),
        ("2026-12-07 15:00", Wanted(on(12, 7), time(15))),
        ("on the 30th at noon", Wanted(on(11, 30), time(12))),
        ("the 2nd", Wanted(on(12, 2))),
        ("5 Jan", Wanted(on(1, 5, 2027))),
        ("today at 4pm", Wanted(on(11, 24), time(16))),
        ("this afternoon", Wanted(on(11, 24), window=AFTERNOON)),
        ("at 3 in the afternoon", Wanted(on(11, 24), time(15))),
        ("in 2 days", Wanted(on(11, 26))),
        ("in a week at 10", Wanted(on(12, 1), time(10))),
        ("Thursday around 11", Wanted(on(11, 26), time(11))),
        ("Thu 10 o'clock", Wanted(on(11, 26), time(10))),
        ("friday 12.15pm", Wanted(on(11, 27), time(12, 15))),
        ("Monday 8 AM", Wanted(on(11, 30), time(8))),
        ("3am", Wanted(on(11, 24), time(3))),  # read fine; the booking explains we're closed
        ("Tuesday next week", Wanted(on(12, 1))),
        ("next week Tuesday at 9", Wanted(on(12, 1), time(9))),
        ("Friday week", Wanted(on(12, 4))),
        ("a week from Friday", Wanted(on(12, 4))),
        ("15th at 2", Wanted(on(12, 15), time(14))),
        ("16-12 at 14", Wanted(on(12, 16), time(14))),
        ("12 Dec 1400", Wanted(on(12, 12), time(14))),
        ("tomorrow morning at 7", Wanted(on(11, 25), time(7))),
        ("tonight", Wanted(on(11, 24), window=PARTS_OF_DAY["tonight"])),
        ("Can you do Friday at 10?", Wanted(on(11, 27), time(10))),
        ("2 May at 10", Wanted(on(5, 2, 2027), time(10))),
        ("Saturday the 28th at 9", Wanted(on(11, 28), time(9))),
        ("asap please", Wanted(on(11, 24), window=(time(10), LATE))),
        ("before 11 tomorrow", Wanted(on(11, 25), window=(time(0), time(11)))),
        ("Friday after next", Wanted(on(12, 4))),
        ("a quarter past 3pm on Friday", Wanted(on(11, 27), time(15, 15))),
        ("half three tomorrow", Wanted(on(11, 25), time(15, 30))),
        ("Vrydag half drie", Wanted(on(11, 27), time(14, 30))),
        ("môre oggend", Wanted(on(11, 25), window=MORNING)),
        ("in 2 hours", Wanted(on(11, 24), time(12))),
        ("Thursday the twenty first", Wanted(on(1, 21, 2027))),
    ],
)
def test_plain_words_are_read_as_a_local_day_and_time(words: str, wanted: Wanted) -> None:
    assert read_when(words, NOW) == wanted


def test_next_weekday_said_a_day_or_two_before_it_offers_both_readings() -> None:
    monday = datetime(2026, 11, 23, 9, 0)
    assert read_when("next Tuesday at 10", monday) == Readings(
        "Which Tuesday did you mean?",
        (Wanted(on(11, 24), time(10)), Wanted(on(12, 1), time(10))),
    )


def test_a_weekday_said_on_that_weekday_offers_today_and_a_week_on() -> None:
    assert read_when("Tuesday at 2", NOW) == Readings(
        "Which Tuesday?", (Wanted(on(11, 24), time(14)), Wanted(on(12, 1), time(14)))
    )


def test_a_week_is_offered_as_its_days_to_come() -> None:
    reading = read_when("sometime this week", NOW)
    assert isinstance(reading, Readings)
    assert [w.day for w in reading.options] == [on(11, d) for d in range(24, 30)]


def test_words_not_understood_are_asked_about_with_what_was() -> None:
    assert read_when("Friday 10am unless it rains", NOW) == Question(
        'I understood Fri 27 Nov at 10:00, but not "unless it rains". Is one of these right?',
        Wanted(on(11, 27), time(10)),
    )


@pytest.mark.parametrize(
    ("words", "kind", "answer"),
    [
        ("yesterday", Refused, "That's in the past"),
        ("last Friday", Refused, "That's in the past"),
        ("this past Wednesday", Refused, "That's in the past"),
        ("Monday of this week", Refused, "That's in the past"),
        ("31 Feb", Refused, "There is no 31 Feb"),
        ("30/2", Refused, "There is no 30 Feb"),
        ("5/13", Readings, "There is no month 13"),
        ("at 25:00", Refused, "That isn't a time of day"),
        ("whenever suits you", Question, "couldn't tell which day or time"),
        ("sometime next month", Question, "Which day in December"),
        ("end of the month", Question, "Which day in November"),
        ("tomorrow 2 maybe", Question, 'I understood Wed 25 Nov at 14:00, but not "maybe"'),
        ("can you come at one of the times?", Question, "couldn't tell which day or time"),
        ("16.12 at 10", Question, 'I understood Tue 24 Nov at 10:00, but not "16.12"'),
        ("Friday 12 Dec at 10", Readings, "12 Dec is a Saturday, not a Friday"),
    ],
)
def test_words_that_name_no_usable_time_get_a_helpful_answer(
    words: str, kind: type[Refused | Question | Readings], answer: str
) -> None:
    reading = read_when(words, NOW)
    assert isinstance(reading, kind)
    assert answer in told(reading)


@pytest.mark.parametrize("typed", ["2-4", "9-5", "between 9-11"])
def test_two_numbers_that_may_be_hours_or_a_date_are_asked_about(typed: str) -> None:
    reading = read_when(typed, NOW)
    assert isinstance(reading, Question)
    assert "a date or the hours from" in reading.text


def test_two_numbers_that_can_only_be_a_date_are_one() -> None:
    assert read_when("16-12", NOW) == Wanted(date(2026, 12, 16))


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("tomorrow afternoon at 9", "Which time did you mean, 09:00 or 21:00?"),
        ("friday morning at 5", "Which time did you mean, 05:00 or 17:00?"),
    ],
)
def test_an_hour_without_am_pm_far_from_the_part_of_day_said_is_asked_about(
    typed: str, question: str
) -> None:
    assert read_when(typed, NOW) == Question(question)
