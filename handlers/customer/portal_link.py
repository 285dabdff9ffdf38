"""'Open my portal': a sign-in link straight away, in the chat that asks (the chat itself
proves who is asking)."""

from __future__ import annotations

from domain.sign_in import LINK_LIFETIME
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.accounts import sign_in_link


async def open_my_portal(turn: Turn) -> None:
    turn.end_flow()
    me = turn.me
    assert me.id is not None
    link = await sign_in_link(turn.uow, me.id, turn.public_url, turn.clock.now())
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    turn.reply(
        f"Here's your portal: your jobs, documents and bookings. Tap to sign in (the link "
        f"works once, for {minutes} minutes, so keep it to yourself):\n{link}",
        main_menu(),
    )
