"""MY EMAIL: the customer gives an address, we e-mail it a code, and they type the code here.
Until then the address gets nothing but its code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.customers import Channel
from domain.email import MailTopic, email_address
from domain.sign_in import CODE_DIGITS, CodeCheck
from handlers.customer.email_choices import routes_text
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.accounts import check_proof, proof_code
from handlers.shared.mail import email
from handlers.shared.wording import hint


@dataclass(frozen=True, kw_only=True)
class EmailState(FlowState):
    """Waiting for the address (`address` empty) or for the code sent to it."""

    NAME: ClassVar[str] = "my_email"
    address: str = ""


async def start_email(turn: Turn) -> None:
    assert turn.me.id is not None
    if not turn.services.sends_email:
        turn.reply("We don't send e-mail yet: we'll keep you posted here in chat.")
        return
    known = await turn.uow.emails.of_customer(turn.me.id)
    now = ""
    if known and known.usable:
        now = f"We e-mail you at {known.address}. "
    elif known and known.refused_at:
        now = f"E-mails to {known.address} were refused. "
    turn.start_flow(EmailState(at=turn.clock.now()))
    turn.reply(f"{now}What e-mail address should we use? (MENU to leave it.)")


async def continue_email(turn: Turn) -> None:
    flow = turn.flow_as(EmailState)
    assert flow is not None and turn.me.id is not None
    turn.touch_flow()
    if not flow.address:
        await _take_address(turn)
    else:
        await _take_code(turn, flow.address)


async def _take_address(turn: Turn) -> None:
    address = email_address(turn.inbound.text)
    if address is None:
        turn.reply(
            hint("That doesn't look like an e-mail address: please type it like name@example.com.")
        )
        return
    await send_code(turn, address)


async def send_code(turn: Turn, address: str) -> None:
    """A fresh code to the address, the flow waiting for it. The address already proven
    stays in use until this one is."""
    customer_id = turn.me.id
    assert customer_id is not None
    now = turn.clock.now()
    client = turn.inbound.client_address or turn.inbound.sender
    code = await proof_code(turn.uow, address, customer_id, Channel.EMAIL, client, now)
    if code is None:
        turn.end_flow()
        turn.reply("Sorry, we can't send another code just now. Please try again in an hour.")
        return
    name = turn.business.business.shown_name
    turn.outbox.append(
        email(
            address,
            MailTopic.CODE,
            f"Your {name} code: {code}",
            f"Your code is {code}. Type it in our chat to confirm this address; it works "
            f"for an hour. If you didn't ask for it, ignore this e-mail.",
        )
    )
    turn.start_flow(EmailState(at=now, address=address))
    turn.reply(
        f"I've e-mailed a {CODE_DIGITS}-digit code to {address}. Type it here to confirm "
        "the address (or type another address)."
    )


async def _take_code(turn: Turn, address: str) -> None:
    typed = "".join(turn.inbound.text.split())
    if "@" in typed:
        await _take_address(turn)
        return
    customer_id = turn.me.id
    assert customer_id is not None
    now = turn.clock.now()
    verdict = await check_proof(turn.uow, address, typed, customer_id, now)
    if verdict is CodeCheck.SPENT:  # the flow stays: another address may follow
        turn.reply("That code no longer works. Type MY EMAIL for a new one.")
        return
    if verdict is CodeCheck.WRONG:
        turn.reply(
            hint(f"That isn't the code we sent to {address}. Please check and type it again.")
        )
        return
    await turn.uow.emails.prove(customer_id, address, now)
    turn.end_flow()
    routes = await turn.uow.emails.routes(customer_id)
    turn.reply(
        f"Thanks, {address} is confirmed.\n{routes_text(routes)}\n"
        "Type EMAIL SETTINGS to change what we e-mail you."
    )
