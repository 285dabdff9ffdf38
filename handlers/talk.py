"""'Talk to the technician': what the customer writes is passed on to the admin chat."""

from __future__ import annotations

from handlers.menu import main_menu
from handlers.turn import Turn
from handlers.wording import who

FLOW_NAME = "talk"


async def start_talking(turn: Turn) -> None:
    turn.start_flow(FLOW_NAME)
    turn.reply(
        "Sure - type your message (or send a photo or file) and I'll pass it straight on to "
        "the technician. Type MENU when you're done."
    )


async def pass_on(turn: Turn) -> None:
    """Relay one message; the technician answers on their side."""
    inbound = turn.inbound
    text = inbound.text.strip() or "(sent a file)"
    turn.tell_admins(f"Message from {who(turn.me, inbound.channel)}:\n{text}", inbound.media)
    if turn.admins:
        turn.reply("Passed on to the technician, who will get back to you soon.")
    else:
        turn.end_flow()
        phone = turn.business.business.phone
        turn.reply(
            f"The technician can't be reached in chat right now; please call {phone}.", main_menu()
        )


async def pass_on_unprompted(turn: Turn) -> None:
    """A file sent outside any flow: open the conversation with the technician and pass it on."""
    turn.start_flow(FLOW_NAME)
    await pass_on(turn)
