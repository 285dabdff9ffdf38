"""The booking's phone number in the web chat: typed, then proven by a code sent to it (by
SMS, or WhatsApp's authentication template), so the customer is one with their other
channels, can be reached off the page and can sign in anywhere. A number proven that another
record holds joins the two. SKIP books without one; a typed number proves nothing."""

from __future__ import annotations

from dataclasses import replace

from domain.customers import Channel, ChannelIdentity
from domain.errors import InvalidPhoneNumber
from domain.phones import local_phone, normalize_phone
from domain.sign_in import CodeCheck
from handlers.customer.booking_flow import Ask, BookingStep, advance, booking
from handlers.customer.identity import keep_proven_phone
from handlers.kernel.turn import Turn
from handlers.shared.accounts import Asked, ask_to_prove, check_proof
from handlers.shared.wording import hint

SKIP = "skip"
PROVEN, JOINED = "proven", "joined"  # BookingState.phone_proof


def proves_phone_here(turn: Turn) -> bool:
    """The web chat asks for a number to prove, when codes can be sent (not embedded)."""
    return turn.inbound.channel is Channel.WEB and turn.services.proving_channel is not None


async def ask_number(turn: Turn) -> None:
    turn.reply(
        "And your mobile number? We'll text you a code to confirm it's yours, so we can reach "
        "you off this page and you can sign in from any device. (Or type SKIP.)"
    )


async def take_number(turn: Turn, ask: Ask) -> None:
    text = turn.inbound.text.strip()
    if text.lower() == SKIP:
        await advance(turn, BookingStep.CONFIRM, ask)
        return
    try:
        number = normalize_phone(text)
    except InvalidPhoneNumber:
        turn.reply(hint("Sorry, I couldn't read that number. Try 082 123 4567, or type SKIP."))
        return
    me, channel = turn.me, turn.services.proving_channel
    assert me.id is not None and channel is not None
    if me.phone == number:  # proven already
        await advance(turn, BookingStep.CONFIRM, ask)
        return
    client = turn.inbound.client_address or turn.inbound.sender
    asked = await ask_to_prove(
        turn.uow, number, me.id, channel, client, turn.business.business.name, turn.clock.now()
    )
    if asked.outcome is Asked.TOO_MANY or asked.message is None:
        turn.reply(
            "Sorry, we can't send another code just now. Type SKIP to book without your "
            "number (you can add it later), or try again in an hour."
        )
        return
    turn.outbox.append(asked.message)
    turn.start_flow(replace(booking(turn), phone=number, step=BookingStep.PHONE_CODE))
    turn.reply(
        f"We've sent a 6-digit code to {local_phone(number)}. Type it here. "
        "(Wrong number? Type the right one. Or type SKIP.)"
    )


async def take_code(turn: Turn, ask: Ask) -> None:
    flow, text = booking(turn), turn.inbound.text.strip()
    if text.lower() == SKIP:
        await advance(turn, BookingStep.CONFIRM, ask)
        return
    digits = text.replace(" ", "")
    if not (digits.isdigit() and len(digits) == 6):  # another number, or words
        await take_number(turn, ask)
        return
    me = turn.me
    assert me.id is not None
    verdict = await check_proof(turn.uow, flow.phone, digits, me.id, turn.clock.now())
    if verdict is CodeCheck.WRONG:
        turn.reply(hint("That code isn't right. Try again, or type SKIP."))
    elif verdict is CodeCheck.SPENT:
        turn.reply(
            "That code can't be used any more. Type your number again for a new one, or SKIP."
        )
    else:
        joined = await _prove(turn, flow.phone)
        turn.start_flow(replace(booking(turn), phone_proof=proof_of(joined)))
        await advance(turn, BookingStep.CONFIRM, ask)


async def _prove(turn: Turn, number: str) -> bool:
    """The number is theirs: kept (records joined), and reachable by SMS from now on."""
    joined = await keep_proven_phone(turn, number)
    customers, me = turn.uow.customers, turn.me
    assert me.id is not None
    if await customers.by_identity(Channel.SMS, number) is None:
        sms = ChannelIdentity(Channel.SMS, number)
        await customers.add_identity(me.id, sms)
        me.identities.append(sms)
    return joined


def card_line(phone: str, proof: str) -> str:
    """What the technician's new-booking card says of the number."""
    if not phone:
        return ""
    if proof not in (PROVEN, JOINED):
        return f"\nPhone given: {phone} (typed, not confirmed)"
    note = "; joined with the earlier record that had this number" if proof == JOINED else ""
    return f"\nPhone confirmed: {phone}{note}"


def proof_of(joined: bool) -> str:
    return JOINED if joined else PROVEN
