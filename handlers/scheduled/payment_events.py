"""A provider's word that a payment link was paid (a verified webhook, or its answer to the
daily reconciliation), taken once: the invoice paid, the customer's receipt and the
technician's note all in this one turn's transaction. Runs as a turn aside in the
technician's chat, so what it says to them needs no stored conversation."""

from __future__ import annotations

from enum import StrEnum

from domain.invoices import InvoiceStatus
from domain.money import format_rand
from domain.payments import CURRENCY, LinkPaid, LinkState, PaymentMethod
from handlers.kernel.turn import Turn
from handlers.shared.payments import record_payment


class Taken(StrEnum):
    PAID = "paid"
    PART = "part"  # recorded; something is still owed
    REPLAY = "replay"  # this event was handled already
    UNKNOWN = "unknown"  # not one of our links
    REFUSED = "refused"  # amount or currency not the link's, or the link closed


async def link_paid(turn: Turn, event: LinkPaid) -> Taken:
    payments = turn.uow.payments
    if not await payments.first_event(event.provider, event.event_id, turn.clock.now()):
        return Taken.REPLAY
    found = await payments.link(event.provider, event.link_id)
    if found is None:
        return Taken.UNKNOWN
    invoice = await turn.uow.invoices.hold(found.invoice_id)
    link = await payments.link(event.provider, event.link_id)  # as it is now the invoice is held
    assert link is not None and invoice is not None
    job = await turn.uow.jobs.get(invoice.job_id)
    assert job is not None
    what = f"{invoice.number_text} ({job.reference})"
    if event.currency.upper() != CURRENCY or event.amount_cents != link.amount_cents:
        turn.tell_admins(
            f"Payment not taken for {what}: {event.provider} reported "
            f"{event.amount_cents / 100:.2f} {event.currency}, the link asks "
            f"{format_rand(link.amount_cents)}. Check it in {event.provider}'s dashboard."
        )
        return Taken.REFUSED
    if link.state is LinkState.PAID:  # the reconciliation found it first: the same payment
        return Taken.REPLAY
    if link.state is not LinkState.OPEN or invoice.status is not InvoiceStatus.ISSUED:
        turn.tell_admins(
            f"{event.provider} reports {format_rand(event.amount_cents)} paid through a closed "
            f"link of {what} ({invoice.status}): refund it there if it was paid twice."
        )
        return Taken.REFUSED
    recorded = await record_payment(
        turn, invoice, job, event.amount_cents, PaymentMethod.LINK, event.event_id
    )
    if recorded.paid_in_full:
        turn.tell_admins(f"{what} paid: {format_rand(event.amount_cents)} by card. Receipt sent.")
        return Taken.PAID
    turn.tell_admins(
        f"{what}: {format_rand(event.amount_cents)} paid by card, "
        f"{format_rand(recorded.balance_cents)} still owed."
    )
    return Taken.PART
