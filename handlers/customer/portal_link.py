"""'Open my portal': a sign-in link straight away, in the chat that asks (the chat itself
proves who is asking), except in a web chat signed out of the portal (sign out everywhere,
the technician's /signout): that browser signs in again by code first."""

from __future__ import annotations

from domain.customers import Channel
from domain.sign_in import LINK_LIFETIME, token_hash
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.accounts import sign_in_link


async def open_my_portal(turn: Turn) -> None:
    turn.end_flow()
    me = turn.me
    assert me.id is not None
    if turn.inbound.channel is Channel.WEB and await turn.uow.customer_sessions.chat_signed_out(
        token_hash(turn.inbound.sender)
    ):
        turn.reply(
            "This chat was signed out of your portal. To sign in again, open "
            f"{turn.public_url.rstrip('/')}/portal/sign-in and type your mobile number: we'll "
            "send you a code.",
            main_menu(),
        )
        return
    link = await sign_in_link(turn.uow, me.id, turn.public_url, turn.clock.now())
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    turn.reply(
        f"Here's your portal: your jobs, documents and bookings. Tap to sign in (the link "
        f"works once, for {minutes} minutes, so keep it to yourself):\n{link}",
        main_menu(),
    )
