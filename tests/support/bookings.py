"""Bookings made in chat, as the conversation tests' customers make them."""

from __future__ import annotations

from domain.messages import Outbound
from tests.support.chat import Person


async def book_remote_support(customer: Person, problem: str) -> str:
    """A remote support session at the first free time; its reference."""
    await customer.send("book")
    await customer.send(problem)
    await customer.send("1")  # remote support: no visit, so straight to the times
    [asked] = await customer.send("1")  # the first free time
    if asked.text.startswith("What name"):
        [asked] = await customer.send("Thandi Mokoena")
    if asked.request_contact:
        await customer.send(phone=f"+27 82 555 {customer.address[-4:]:0>4}")
    [booked] = await customer.send("yes")
    assert booked.text.startswith("Booked! BG-"), booked.text
    return booked.text.removeprefix("Booked! ").split(":")[0]


async def book_friday_at_ten(thandi: Person) -> str:
    """A remote session on Friday 27 November at 10:00, three days ahead; its reference."""
    for text in ("/book", "No internet"):
        await thandi.send(text)
    await thandi.send(option="service.remote-support")
    await thandi.send("Friday 10am")
    await thandi.send(phone="+27 82 123 4567")
    [booked] = await thandi.send("yes")
    return booked.text.removeprefix("Booked! ").split(":")[0]


async def choose_service(
    customer: Person, code: str, *, on_site: bool = False, problem: str = "No internet"
) -> Outbound:
    """Start a booking and choose the service (and a visit, for a service that offers both);
    the question that follows."""
    for text in ("/book", problem):
        await customer.send(text)
    [asked] = await customer.send(option=f"service.{code}")
    if on_site:
        [asked] = await customer.send(option="mode.on_site")
    return asked
