"""EMAIL SETTINGS: which kinds of message go by e-mail, which stay in chat, which go both
ways. Each button moves one kind on: chat → e-mail → both → chat."""

from __future__ import annotations

from domain.email import NEXT_ROUTE, MailTopic, Route
from domain.messages import Option
from handlers.kernel.turn import Turn

PREFIX = "mailroute."
TOPIC_NAMES = {
    MailTopic.CONFIRMATION: "Booking confirmations and calendar invitations",
    MailTopic.DOCUMENT: "Invoices, reports and receipts",
    MailTopic.UPDATE: "Job updates",
    MailTopic.REMINDER: "Reminders and check-ups",
}
SHORT_NAMES = {
    MailTopic.CONFIRMATION: "Bookings",
    MailTopic.DOCUMENT: "Invoices and reports",
    MailTopic.UPDATE: "Job updates",
    MailTopic.REMINDER: "Reminders",
}
ROUTE_NAMES = {Route.CHAT: "in chat", Route.EMAIL: "by e-mail", Route.BOTH: "in chat and by e-mail"}


def routes_text(routes: dict[MailTopic, Route]) -> str:
    return "\n".join(f"{TOPIC_NAMES[t]}: {ROUTE_NAMES[r]}" for t, r in routes.items())


async def show_choices(turn: Turn) -> None:
    assert turn.me.id is not None
    known = await turn.uow.emails.of_customer(turn.me.id)
    if known is None or not known.usable:
        turn.reply("We have no confirmed e-mail address for you yet. Type MY EMAIL to give one.")
        return
    await _show(turn, known.address)


async def _show(turn: Turn, address: str, changed: str = "") -> None:
    """Each kind as a button showing where it goes now; choosing it moves it on."""
    assert turn.me.id is not None
    routes = await turn.uow.emails.routes(turn.me.id)
    options = tuple(
        Option(f"{PREFIX}{topic}", f"{SHORT_NAMES[topic]}: {ROUTE_NAMES[route]}")
        for topic, route in routes.items()
    )
    turn.reply(f"{changed}What we e-mail to {address}; choose one to change it.", options)


async def change_route(turn: Turn, topic_name: str) -> None:
    assert turn.me.id is not None
    known = await turn.uow.emails.of_customer(turn.me.id)
    if known is None or not known.usable or topic_name not in TOPIC_NAMES:
        await show_choices(turn)
        return
    topic = MailTopic(topic_name)
    route = NEXT_ROUTE[(await turn.uow.emails.routes(turn.me.id))[topic]]
    await turn.uow.emails.set_route(turn.me.id, topic, route)
    await _show(
        turn, known.address, f"Done: {TOPIC_NAMES[topic].lower()} now come {ROUTE_NAMES[route]}.\n"
    )
