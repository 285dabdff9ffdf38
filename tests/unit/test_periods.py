"""The periods the technician names for /figures, read from a few words."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.periods import UnknownPeriod, last_week, parse_period

TODAY = date(2026, 11, 24)  # a Tuesday
SAST = ZoneInfo("Africa/Johannesburg")
SPAN = "27 Feb 2026 to 2 Mar 2026"


@pytest.mark.parametrize(
    ("words", "first", "last", "label"),
    [
        ("", date(2026, 11, 1), date(2026, 11, 30), "this month (November 2026)"),
        ("This  Month", date(2026, 11, 1), date(2026, 11, 30), "this month (November 2026)"),
        ("last month", date(2026, 10, 1), date(2026, 10, 31), "last month (October 2026)"),
        ("q1", date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
        ("Q4 2025", date(2025, 10, 1), date(2025, 12, 31), "Q4 2025"),
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2026-02-27 2026-03-02", date(2026, 2, 27), date(2026, 3, 2), SPAN),
        ("2026-02-27 to 2026-03-02", date(2026, 2, 27), date(2026, 3, 2), SPAN),
    ],
)
def test_periods_by_name(words: str, first: date, last: date, label: str) -> None:
    period = parse_period(words, TODAY)
    assert (period.first, period.last, period.label) == (first, last, label)


def test_last_month_in_january_is_last_years_december() -> None:
    period = parse_period("last month", date(2027, 1, 15))
    assert (period.first, period.last) == (date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("words", "problem"),
    [
        ("next week", "I can't read 'next week' as a period:"),
        ("q5", "I can't read 'q5' as a period:"),
        ("2026-03-02 2026-02-27", "the second date comes before the first"),
        ("2026-02-30 2026-03-02", "2026-02-30 is not a date"),
    ],
)
def test_words_that_name_no_period(words: str, problem: str) -> None:
    with pytest.raises(UnknownPeriod) as caught:
        parse_period(words, TODAY)
    assert str(caught.value).startswith(problem)


def test_bounds_and_months_are_local_days_in_utc() -> None:
    period = parse_period("2026-01-31 2026-02-01", TODAY)
    assert period.bounds(SAST) == (
        datetime(2026, 1, 30, 22, tzinfo=UTC),
        datetime(2026, 2, 1, 22, tzinfo=UTC),
    )
    assert [name for name, _ in period.months(SAST)] == ["2026-01", "2026-02"]
    assert period.months(SAST)[1][1] == (
        datetime(2026, 1, 31, 22, tzinfo=UTC),
        datetime(2026, 2, 1, 22, tzinfo=UTC),
    )


def test_last_week_is_monday_to_sunday_before_this_one() -> None:
    week = last_week(TODAY)
    assert (week.first, week.last) == (date(2026, 11, 16), date(2026, 11, 22))
    assert week.label == "last week (16 Nov to 22 Nov)"
