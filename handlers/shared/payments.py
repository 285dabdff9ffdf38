"""What an invoice owes and how it is paid: its payment link (made once for the amount owed,
replaced when a part is paid another way, closed when nothing is owed), payments recorded in
the transaction that tells the customer (their receipt, a document: by e-mail when they route
documents there) and the technician."""

from __future__ import annotations

from dataclasses import dataclass

from domain.email import MailTopic
from domain.invoices import Invoice, InvoiceStatus
from domain.jobs import Job
from domain.money import format_rand
from domain.payments import (
    LinkRequest,
    LinkState,
    Payment,
    PaymentLink,
    PaymentMethod,
    PaymentProviderError,
)
from handlers.kernel.turn import Turn
from handlers.shared.mail import tell_by_route

METHOD_WORDS = {
    PaymentMethod.LINK: "by card",
    PaymentMethod.CASH: "in cash",
    PaymentMethod.EFT: "by EFT",
}


@dataclass(frozen=True, slots=True)
class Recorded:
    paid_in_full: bool
    balance_cents: int
    link: PaymentLink | None  # where the rest can be paid, after a part payment


async def owing(turn: Turn, invoice: Invoice) -> int:
    assert invoice.id is not None
    return invoice.totals.gross - await turn.uow.payments.paid_cents(invoice.id)


async def payment_link(turn: Turn, invoice: Invoice, job: Job) -> PaymentLink | None:
    """The open link for what the invoice owes now: the one made already if its amount is
    still right, else a new one (the old one closed). None with no provider configured.
    The provider is asked with a key naming the invoice and the amount, so an issue retried
    after a failure gets the link made the first time, never a second one."""
    provider = turn.payments
    if provider is None or invoice.status is not InvoiceStatus.ISSUED:
        return None
    assert invoice.id is not None
    amount = await owing(turn, invoice)
    current = await turn.uow.payments.open_link(invoice.id)
    if current is not None and current.amount_cents == amount:
        return current
    if current is not None:
        await close_link(turn, current)
    if amount <= 0:
        return None
    customer = await turn.uow.customers.get(invoice.customer_id)
    assert customer is not None
    made = await provider.create_link(
        LinkRequest(
            key=f"invoice-{invoice.id}-owing-{amount}",
            amount_cents=amount,
            description=f"{invoice.number_text} ({job.reference}), {turn.business.business.name}",
            customer_name=customer.name,
            customer_email=customer.email,
            customer_phone=customer.phone,
        )
    )
    link = PaymentLink(provider.name, made.link_id, made.url, amount, invoice.id)
    if await turn.uow.payments.link(link.provider, link.link_id) is None:
        await turn.uow.payments.add_link(link, turn.clock.now())
    return link


async def close_link(turn: Turn, link: PaymentLink) -> None:
    """No one pays through it any more: closed here, and at the provider. The provider not
    answering holds nothing up: a payment through it later is refused here and the technician
    told, and they are told now to deactivate it themselves."""
    await turn.uow.payments.set_link_state(link.provider, link.link_id, LinkState.CLOSED)
    if turn.payments is None or turn.payments.name != link.provider:
        return
    try:
        await turn.payments.deactivate(link.link_id)
    except PaymentProviderError as problem:
        turn.tell_admins(
            f"Payment link {link.link_id} could not be deactivated ({problem}): "
            f"deactivate it in {link.provider}'s dashboard."
        )


async def link_or_none(turn: Turn, invoice: Invoice, job: Job) -> PaymentLink | None:
    """The payment link, or None when the provider does not answer: the bank details do."""
    try:
        return await payment_link(turn, invoice, job)
    except PaymentProviderError:
        return None


async def record_payment(
    turn: Turn,
    invoice: Invoice,
    job: Job,
    amount_cents: int,
    method: PaymentMethod,
    event_id: str | None = None,
) -> Recorded:
    """Keep the payment; paid in full, the invoice is paid, its reminder dropped and its link
    closed (paid through it, or deactivated); paid in part, a new link for the rest. The
    customer's receipt goes with it, on the channel that reaches them."""
    assert invoice.id is not None
    now = turn.clock.now()
    await turn.uow.payments.add_payment(Payment(invoice.id, amount_cents, method, now, event_id))
    balance = await owing(turn, invoice)
    link = await turn.uow.payments.open_link(invoice.id)
    if balance > 0:
        rest = await link_or_none(turn, invoice, job)
        await _receipt(turn, invoice, job, amount_cents, method, balance, rest)
        return Recorded(False, balance, rest)
    await turn.uow.invoices.settle(invoice.id, InvoiceStatus.PAID)
    await turn.uow.follow_ups.cancel_for_invoice(invoice.id)
    if link is not None and method is PaymentMethod.LINK:
        await turn.uow.payments.set_link_state(link.provider, link.link_id, LinkState.PAID)
    elif link is not None:
        await close_link(turn, link)
    await _receipt(turn, invoice, job, amount_cents, method, balance, None)
    return Recorded(True, balance, None)


async def _receipt(
    turn: Turn,
    invoice: Invoice,
    job: Job,
    amount_cents: int,
    method: PaymentMethod,
    balance: int,
    rest: PaymentLink | None,
) -> None:
    customer = await turn.uow.customers.get(invoice.customer_id)
    words = (
        f"Receipt: thank you! We received {format_rand(amount_cents)} {METHOD_WORDS[method]} "
        f"for invoice {invoice.number_text} ({job.reference}). "
    )
    if balance > 0:
        words += f"Still to pay: {format_rand(balance)}. {pay_words(turn, job.reference, rest)}"
    else:
        words += "It is paid in full."
    if customer is not None:  # a receipt is a document: e-mailed when they route those so
        subject = f"Your receipt for {invoice.number_text} ({job.reference})"
        await tell_by_route(turn, customer, MailTopic.DOCUMENT, subject, words)


def pay_words(turn: Turn, reference: str, link: PaymentLink | None) -> str:
    """How to pay, for the invoice message and its reminder: the link, else the bank."""
    if link is not None:
        return f"Pay {format_rand(link.amount_cents)} by card here: {link.url}"
    pay = turn.business.payment
    return (
        f"EFT: {pay.bank}, acc {pay.account_number}, branch {pay.branch_code}, "
        f"reference {reference}."
    )
