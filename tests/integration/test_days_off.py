"""The technician's days off, as transcripts through the real dispatcher and database. The clock
stands at Tuesday 24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

from collections.abc import Callable

from domain.messages import Outbound
from tests.support.chat import Person, labels
from tests.support.scene import ADMIN

WEDNESDAY = "day.2026-11-25"


async def remote_times(customer: Person, problem: str = "Outlook keeps crashing") -> Outbound:
    for text in ("/book", problem):
        await customer.send(text)
    [times] = await customer.send(option="service.remote-support")
    return times


async def book_wednesday_first_thing(customer: Person) -> str:
    """A remote session at 08:00 on Wednesday 25 November; its reference."""
    await remote_times(customer)
    [wednesday] = await customer.send(option=WEDNESDAY)
    [asked] = await customer.send(option=wednesday.options[0].id)
    if asked.text.startswith("What name"):
        [asked] = await customer.send("Thandi Mokoena")
    if asked.request_contact:
        await customer.send(phone=f"+27 82 555 {customer.address[-4:]:0>4}")
    [booked] = await customer.send("yes")
    assert booked.text.startswith("Booked! BG-") and "Wed 25 Nov, 08:00" in booked.text
    return booked.text.removeprefix("Booked! ").split(":")[0]


async def test_days_off_leave_the_slots_and_list_the_visits_to_move(
    person: Callable[..., Person],
) -> None:
    reference = await book_wednesday_first_thing(person(address="5551"))
    technician = person(ADMIN.channel, ADMIN.address, "Sipho")
    [off] = await technician.send("/off 25 Nov - 26 Nov")
    assert off.text == (
        "Days off from Wed 25 Nov to Thu 26 Nov: no times are offered to customers then.\n"
        "Booked then, to move:\n"
        f"{reference} Wed 25 Nov, 08:00 Remote support session, remote"
    )
    assert [(o.id, o.label) for o in off.options] == [(f"card.{reference}", reference)]

    lindiwe = person(address="5552", name="Lindiwe")
    await remote_times(lindiwe)
    [days] = await lindiwe.send(option="time.another_day")
    assert labels(days)[:3] == ["Tue 24 Nov", "Fri 27 Nov", "Sat 28 Nov"]
    [away] = await lindiwe.send(option=WEDNESDAY)
    assert away.text.startswith(
        "We're away from Wed 25 Nov to Thu 26 Nov. The nearest free times (or type a day and time"
    )
    assert not any(label.startswith(("Wed 25", "Thu 26")) for label in labels(away))


async def test_days_off_are_listed_and_removed_with_a_button(
    person: Callable[..., Person],
) -> None:
    technician = person(ADMIN.channel, ADMIN.address, "Sipho")
    [none] = await technician.send("/off")
    assert none.text == "No days off to come. Add some like this: /off 24 Dec - 2 Jan"
    [off] = await technician.send("/off 24 Dec - 2 Jan")
    assert off.text == (
        "Days off from Thu 24 Dec to Sat 2 Jan: no times are offered to customers then. "
        "Nothing is booked then."
    )
    await technician.send("/off 25 Nov")
    [listed] = await technician.send("/off")
    assert listed.text == "Days off to come:\n- on Wed 25 Nov\n- from Thu 24 Dec to Sat 2 Jan"
    assert labels(listed) == ["Remove Wed 25 Nov", "Remove Thu 24 Dec - Sat 2 Jan"]
    [removed] = await technician.send(option=listed.options[0].id)
    assert removed.text == "Removed: days off on Wed 25 Nov. Customers can book those days again."
    thandi = person()
    await remote_times(thandi)
    [wednesday] = await thandi.send(option=WEDNESDAY)
    assert wednesday.text.startswith("Free times on Wed 25 Nov (or type a day and time")
    [again] = await technician.send(option=listed.options[0].id)
    assert again.text == "Those days off were already removed."


async def test_days_that_cannot_be_read_are_asked_again(person: Callable[..., Person]) -> None:
    technician = person(ADMIN.channel, ADMIN.address, "Sipho")
    [asked] = await technician.send("/off someday soon")
    assert asked.text == (
        'I can\'t read "someday soon" as a day. For example 24 Dec - 2 Jan, 24/12, today or '
        "tomorrow. Like this: /off 24 Dec - 2 Jan"
    )
