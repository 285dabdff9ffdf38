"""STOP, START and friends on SMS and WhatsApp: recorded, confirmed once, and honoured."""

from __future__ import annotations

from domain.customers import PHONE_CHANNELS, Channel
from domain.messages import Outbound
from handlers.customer import menu
from handlers.kernel.turn import OFFERED, Turn
from handlers.shared.wording import channel_name, who

# Twilio's opt-out words. On SMS Twilio itself blocks the number after any of them, so we must
# agree. On WhatsApp nothing enforces them and CANCEL keeps its everyday meaning (leave a flow).
SMS_OPT_OUT = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke"}
)
WHATSAPP_OPT_OUT = SMS_OPT_OUT - {"cancel"}
OPT_IN = frozenset({"start", "yes", "unstop"})


async def handle_subscription(turn: Turn) -> bool:
    """Deal with an opt-out or opt-in, or with a message from someone opted out; False when
    the message is for the usual handlers. Like Twilio, only a single word counts."""
    inbound = turn.inbound
    if inbound.channel not in PHONE_CHANNELS:
        return False
    word = inbound.text.strip().strip(".!").lower()
    identity = turn.me.identity(inbound.channel, inbound.sender)
    opted_out = identity is not None and identity.opted_out_at is not None
    if word in (SMS_OPT_OUT if inbound.channel is Channel.SMS else WHATSAPP_OPT_OUT):
        if not opted_out:  # saying it again changes nothing and needs no second confirmation
            await _opt_out(turn)
    elif word in OPT_IN and opted_out:
        await _opt_in(turn)
    elif opted_out:
        _pass_on_without_reply(turn)
    elif word == "start":
        await menu.start(turn)
    else:
        return False
    return True


async def _opt_out(turn: Turn) -> None:
    inbound, where = turn.inbound, channel_name(turn.inbound.channel)
    await turn.uow.customers.set_opted_out(inbound.channel, inbound.sender, turn.clock.now())
    turn.end_flow()
    turn.state.pop(OFFERED, None)
    turn.outbox.append(
        Outbound(
            inbound.channel,
            inbound.sender,
            f"You're unsubscribed: {turn.business.business.name} won't send you anything more "
            f"on {where}. Reply START to undo this.",
            confirms_opt_out=True,
        )
    )
    turn.tell_admins(
        f"{who(turn.me, inbound.channel)} replied {inbound.text.strip().upper()}: "
        f"nothing more will be sent to them on {where} until they reply START."
    )


async def _opt_in(turn: Turn) -> None:
    inbound, where = turn.inbound, channel_name(turn.inbound.channel)
    await turn.uow.customers.set_opted_out(inbound.channel, inbound.sender, None)
    turn.reply(f"Welcome back! You'll get our messages on {where} again.", menu.main_menu())
    turn.tell_admins(f"{who(turn.me, inbound.channel)} opted back in on {where}.")


def _pass_on_without_reply(turn: Turn) -> None:
    """They opted out, so we may not answer; the technician still sees what they wrote."""
    inbound = turn.inbound
    text = inbound.text.strip() or "(sent a file)"
    turn.tell_admins(
        f"Message from {who(turn.me, inbound.channel)}, who opted out on "
        f"{channel_name(inbound.channel)} (no reply sent; they can reply START):\n{text}",
        inbound.media,
    )
