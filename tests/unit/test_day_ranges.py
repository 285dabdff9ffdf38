"""How the technician names days and hours in admin commands; a day without a year is the next
one to come. Today is Tuesday 24 November 2026."""

from __future__ import annotations

from datetime import date, time

import pytest

from domain.day_ranges import UnreadableDays, read_days, read_hours

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("24 Dec - 2 Jan", date(2026, 12, 24), date(2027, 1, 2)),
        ("24 December to 2 January", date(2026, 12, 24), date(2027, 1, 2)),
        ("Dec 24 - Jan 2", date(2026, 12, 24), date(2027, 1, 2)),
        ("24/12 - 2/1", date(2026, 12, 24), date(2027, 1, 2)),
        ("24-26 Dec", date(2026, 12, 24), date(2026, 12, 26)),
        ("1st Dec", date(2026, 12, 1), date(2026, 12, 1)),
        ("today", TODAY, TODAY),
        ("tomorrow", date(2026, 11, 25), date(2026, 11, 25)),
        ("10 Nov", date(2027, 11, 10), date(2027, 11, 10)),
        ("3 Jan 2027", date(2027, 1, 3), date(2027, 1, 3)),
    ],
)
def test_days(typed: str, first: date, last: date) -> None:
    assert read_days(typed, TODAY) == (first, last)


@pytest.mark.parametrize("typed", ["", "soon", "31 Feb", "26-24 Dec", "24 Foo"])
def test_days_that_cannot_be_read(typed: str) -> None:
    with pytest.raises(UnreadableDays):
        read_days(typed, TODAY)


def test_hours_split_what_is_around_them() -> None:
    assert read_hours("Lombardy East 16:00-18:30 today") == (
        "Lombardy East",
        (time(16), time(18, 30)),
        "today",
    )
    assert read_hours("Kew 22 - 24")[1] == (time(22), time(0))
    with pytest.raises(UnreadableDays):
        read_hours("Kew all evening")
    with pytest.raises(UnreadableDays):
        read_hours("Kew 16:75-18:00")


def test_a_range_begun_a_few_days_ago_is_this_years() -> None:
    assert read_days("30 Nov - 3 Dec", date(2026, 12, 2)) == (date(2026, 11, 30), date(2026, 12, 3))


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(UnreadableDays, match="ends before it starts"):
        read_days("5 Dec - 3 Dec", date(2026, 12, 2))
