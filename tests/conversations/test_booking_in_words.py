"""A day and time typed in words, as transcripts through the real dispatcher and database: a
range offers only the free times inside it, two meanings are offered to choose from, and words
not understood are asked about. The clock stands at Tuesday 24 November 2026, 10:00 in
Johannesburg; remote sessions last an hour, between 08:00 and 17:00 on weekdays."""

from __future__ import annotations

from collections.abc import Callable

from domain.messages import Outbound
from tests.support.bookings import book_remote_support, choose_service
from tests.support.chat import Person, labels


def times_of(message: Outbound) -> list[str]:
    """The times offered, without "Another day"."""
    return [label for label in labels(message) if label != "Another day"]


async def test_friday_after_next_offers_that_fridays_free_times(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [times] = await thandi.send("Friday after next")
    assert times.text.startswith("Free times on Fri 4 Dec (or type a day and time")
    assert times_of(times) and all(t.startswith("Fri 4 Dec, ") for t in times_of(times))
    await thandi.send(option=times.options[0].id)
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text.startswith("Please check: Remote support session on Fri 4 Dec, 08:00")


async def test_before_11_tomorrow_offers_only_times_before_11(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [times] = await thandi.send("before 11 tomorrow")
    assert times.text.startswith("Free times on Wed 25 Nov before 11:00 (or type a day and time")
    assert all(t.removeprefix("Wed 25 Nov, ") < "11:00" for t in times_of(times))
    [early] = await thandi.send("tomorrow before 9:30")  # fewer than the four usually offered
    assert times_of(early) == ["Wed 25 Nov, 08:00", "Wed 25 Nov, 08:30", "Wed 25 Nov, 09:00"]
    [after_lunch] = await thandi.send("Thursday after lunch")
    assert after_lunch.text.startswith(
        "Free times on Thu 26 Nov between 13:00 and 17:00 (or type a day and time"
    )
    assert all("13:00" <= t.removeprefix("Thu 26 Nov, ") < "17:00" for t in times_of(after_lunch))


async def test_a_range_with_nothing_free_says_so_and_offers_the_nearest(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [nearest] = await thandi.send("tomorrow before 8")
    assert nearest.text.startswith(
        "Nothing is free on Wed 25 Nov before 08:00. The nearest free times (or type a day and time"
    )
    assert times_of(nearest)[0] == "Wed 25 Nov, 08:00"


async def test_next_wednesday_said_the_day_before_offers_both_wednesdays(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [which] = await thandi.send("next Wednesday morning")
    assert which.text.startswith("Which Wednesday did you mean?")
    assert labels(which) == ["Wed 25 Nov", "Wed 2 Dec", "Another day"]
    [times] = await thandi.send(option=which.options[1].id)
    assert times.text.startswith(
        "Free times on Wed 2 Dec between 08:00 and 12:00 (or type a day and time"
    )
    assert all(t.removeprefix("Wed 2 Dec, ") < "12:00" for t in times_of(times))


async def test_a_weekday_that_is_not_the_date_offers_both_at_the_time_asked(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [which] = await thandi.send("Friday 12 Dec at 10")
    assert which.text.startswith("12 Dec is a Saturday, not a Friday. Which day did you mean?")
    assert labels(which) == ["Sat 12 Dec, 10:00", "Fri 11 Dec, 10:00", "Another day"]
    await thandi.send(option=which.options[1].id)
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text.startswith("Please check: Remote support session on Fri 11 Dec, 10:00")


async def test_words_not_understood_are_asked_about_never_booked(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [asked] = await thandi.send("Friday 10am unless it rains")
    assert asked.text.startswith(
        'I understood Fri 27 Nov at 10:00, but not "unless it rains". Is one of these right?\n'
        "The nearest free times (or type a day and time"
    )
    assert "Fri 27 Nov, 10:00" in labels(asked)
    [closed] = await thandi.send("Sunday morning unless it rains")
    assert closed.text.startswith(
        'I understood Sun 29 Nov between 08:00 and 12:00, but not "unless it rains". Is one of '
        "these right?\nNothing is free on Sun 29 Nov between 08:00 and 12:00."
    )
    [vague] = await thandi.send("sometime next month")
    assert vague.text.startswith('Which day in December suits you? For example "the 15th at 10".')
    assert len(times_of(vague)) > 0


async def test_a_move_typed_as_a_range_offers_only_times_inside_it(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    reference = await book_remote_support(thandi, "No internet")  # Tue 24 Nov 12:00
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    [times] = await thandi.send("before 11 tomorrow")
    assert times.text.startswith("Free times on Wed 25 Nov before 11:00 (or type a day and time")
    assert times_of(times) and all(t < "Wed 25 Nov, 11:00" for t in times_of(times))
    [late] = await thandi.send("tomorrow after 3pm")
    assert times_of(late) == ["Wed 25 Nov, 15:00", "Wed 25 Nov, 15:30", "Wed 25 Nov, 16:00"]
    [confirm] = await thandi.send(option=late.options[0].id)
    assert confirm.text == "Move it from Tue 24 Nov, 12:00 to Wed 25 Nov, 15:00?"


async def test_readings_none_of_which_can_be_had_offer_the_nearest(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    await choose_service(thandi, "remote-support")
    [either] = await thandi.send("tomorrow at 7")  # 07:00 or 19:00: both outside our hours
    assert either.text.startswith(
        "Which time did you mean?\nNone of those can be booked. "
        "The nearest free times (or type a day and time"
    )
    assert times_of(either)[0] == "Wed 25 Nov, 08:00"
