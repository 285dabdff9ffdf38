"""Routes each message to its handler: admin chat, option, command, keyword, open flow."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import replace

from domain.messages import Option
from handlers.customer import (
    booking,
    booking_flow,
    change_options,
    changes,
    menu,
    my_documents,
    my_jobs,
    talk,
)
from handlers.customer.booking_flow import waits_for_phone
from handlers.customer.identity import identify, link_shared_phone
from handlers.customer.reminder_prefs import set_reminders, wanted_reminders
from handlers.customer.subscription import handle_subscription
from handlers.customer.survey import (
    COMMENT_FLOW,
    answering_survey,
    take_comment,
    take_survey_answer,
)
from handlers.kernel.flows import idle_too_long
from handlers.kernel.turn import Turn
from handlers.technician.admin import handle_admin

Handler = Callable[[Turn], Awaitable[None]]

OPTIONS: dict[str, Handler] = {
    menu.BOOK.id: booking.start_booking,
    menu.MY_JOBS.id: my_jobs.my_jobs,
    menu.TALK.id: talk.start_talking,
    menu.HELP.id: menu.help_text,
}
COMMANDS: dict[str, Handler] = {
    "start": menu.start,
    "menu": menu.show_menu,
    "help": menu.help_text,
    "book": booking.start_booking,
    "jobs": my_jobs.my_jobs,
    "status": my_jobs.my_jobs,
    "talk": talk.start_talking,
    "documents": my_documents.my_documents,
}
# Whole-message keywords, as SMS customers type them; they also leave any open flow.
KEYWORDS: dict[str, Handler] = {
    "menu": menu.show_menu,
    "hi": menu.start,
    "hello": menu.start,
    "help": menu.help_text,
    "info": menu.help_text,
    "book": booking.start_booking,
    "status": my_jobs.my_jobs,
    "jobs": my_jobs.my_jobs,
    "my jobs": my_jobs.my_jobs,
    "talk": talk.start_talking,
    "cancel": menu.show_menu,
    "stop": menu.show_menu,
    "documents": my_documents.my_documents,
    "my documents": my_documents.my_documents,
}
# Inside a flow only these leave it; other words ("help", "hi") belong to the flow.
EXIT_KEYWORDS = frozenset({"menu", "cancel", "stop"})
FLOWS: dict[str, Handler] = {
    booking_flow.FLOW_NAME: booking.continue_booking,
    change_options.FLOW_NAME: changes.continue_change,
    talk.FLOW_NAME: talk.pass_on,
    COMMENT_FLOW: take_comment,
}
# Customer commands shown in Telegram's command menu.
CUSTOMER_COMMANDS = {
    "start": "main menu",
    "book": "book a service",
    "jobs": "my jobs and their status",
    "talk": "talk to the technician",
    "help": "how this works",
    "documents": "my reports, invoices and photos",
}

_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@\w+)?(?:\s|$)")


async def route(turn: Turn) -> None:
    if turn.is_admin:
        await handle_admin(turn)
        return
    await identify(turn)
    if await handle_subscription(turn):
        return
    text = turn.inbound.text.strip()
    if not turn.inbound.chosen_option and (typed := _option_named(text, turn.offered())):
        turn.inbound = replace(turn.inbound, chosen_option=typed)
    inbound = turn.inbound
    keyword = text.lower().rstrip(".!")
    if inbound.refused_media and inbound.media:  # the good ones go on; the others are named
        menu.note_refused_media(turn)
    if inbound.shared_phone and not waits_for_phone(turn):
        await link_shared_phone(turn)
    elif inbound.refused_media and not inbound.media:
        await menu.refused_media(turn)
    elif (reminders_on := wanted_reminders(turn)) is not None:
        await set_reminders(turn, reminders_on)
    elif answering_survey(turn):
        await take_survey_answer(turn)
    elif inbound.chosen_option in OPTIONS:
        await OPTIONS[inbound.chosen_option](turn)
    elif reference := change_options.opens(turn):
        await changes.start_change(turn, reference)
    elif match := _COMMAND.match(text):
        await COMMANDS.get(match.group(1).lower(), menu.not_understood)(turn)
    elif keyword in KEYWORDS and (turn.flow is None or keyword in EXIT_KEYWORDS):
        await KEYWORDS[keyword](turn)
    elif (flow := turn.flow) and flow.get("name") in FLOWS and not _expired(turn):
        await FLOWS[flow["name"]](turn)
    elif inbound.media:  # a screenshot out of the blue is for the technician, not lost
        await talk.pass_on_unprompted(turn)
    else:
        await talk.in_session_or_not_understood(turn)


def _expired(turn: Turn) -> bool:
    """A flow left idle too long is put aside with a short note; the message is then taken
    as if no flow were open."""
    if not idle_too_long(turn):
        return False
    turn.end_flow()
    turn.reply("That was left for a while, so I've put it aside.")
    return True


def _option_named(text: str, offered: list[Option]) -> str | None:
    """An option picked by typing its number ("2") or its words ("my jobs")."""
    if not text or not offered:
        return None
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1].id
    wanted = text.lower().strip(" .!")
    for option in offered:
        if option.label.lower() == wanted or option.label.lower().split(" (")[0] == wanted:
            return option.id
    return None
