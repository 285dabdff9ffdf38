"""MY DETAILS: the customer sees what we hold as their details and corrects one: their name,
phone number (joined with what we know from SMS or WhatsApp, as when they share it), e-mail,
or the address of their open jobs. Each change goes in the audit log (which field, not the
value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from domain.messages import Option
from domain.privacy import AuditAction
from handlers.customer.menu import main_menu
from handlers.customer.my_email import start_email
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.audit import audit
from handlers.shared.wording import hint

PREFIX = "details."
QUESTIONS = {
    "name": ("Name", "What name should we use for you?"),
    "phone": ("Phone", "What is your phone number? (like 082 123 4567)"),
    "email": ("E-mail", "What is your e-mail address?"),
    "address": ("Address", "What is the address for your open jobs? (street and suburb)"),
}


@dataclass(frozen=True, kw_only=True)
class DetailsState(FlowState):
    """Correcting one of the customer's details; `field` is the one asked for."""

    NAME: ClassVar[str] = "details"
    field: str = ""


async def my_details(turn: Turn) -> None:
    me = turn.me
    assert me.id is not None
    addresses = {j.address for j in await turn.uow.jobs.for_customer(me.id) if j.is_open}
    lines = [
        f"Name: {me.name or '(none)'}",
        f"Phone: {me.phone or '(none)'}",
        f"E-mail: {me.email or '(none)'}",
        f"Address: {', '.join(sorted(a for a in addresses if a)) or '(no open on-site job)'}",
    ]
    turn.start_flow(DetailsState(at=turn.clock.now()))
    turn.reply(
        "Your details with us:\n" + "\n".join(lines) + "\nWhich would you like to correct?",
        tuple(Option(f"{PREFIX}{key}", label) for key, (label, _) in QUESTIONS.items()),
    )


async def choose_field(turn: Turn, field: str) -> None:
    if field not in QUESTIONS:
        await my_details(turn)
        return
    # A number or an address only typed would identify no one: each is proven where it is used.
    if field == "email":
        turn.end_flow()
        await start_email(turn)
        return
    if field == "phone":
        turn.end_flow()
        turn.reply(
            "A new number has to be proven yours before we use it: write to us from it by SMS "
            "or WhatsApp (or, on Telegram, share it with the contact button) and we'll join it "
            "to your record. A number only typed here is never used to reach you.",
            main_menu(),
        )
        return
    turn.start_flow(DetailsState(at=turn.clock.now(), field=field))
    turn.reply(QUESTIONS[field][1])


async def take_detail(turn: Turn) -> None:
    state = turn.flow_as(DetailsState)
    text = turn.inbound.text.strip()
    if state is None or not state.field:
        turn.reply(hint("Please choose one of the details above."), tuple(turn.offered()))
        turn.touch_flow()
        return
    if not text or not await _save(turn, state.field, text):
        turn.reply(hint(f"Sorry, that doesn't look right. {QUESTIONS[state.field][1]}"))
        turn.touch_flow()
        return
    turn.end_flow()
    assert turn.me.id is not None
    await audit(turn, AuditAction.CHANGED, turn.me.id, f"corrected their {state.field}")
    label = QUESTIONS[state.field][0].lower()
    turn.reply(f"Thanks, your {label} is updated. Anything else?", main_menu())


async def _save(turn: Turn, field: str, text: str) -> bool:
    """Keep the corrected value; False when it cannot be one."""
    me = turn.me
    if field == "address":
        assert me.id is not None
        for job in await turn.uow.jobs.for_customer(me.id):
            if job.is_open and job.address:
                job.address = text[:300]
                await turn.uow.jobs.save(job)
        return True
    me.name = text[:200]
    await turn.uow.customers.update(me)
    return True
