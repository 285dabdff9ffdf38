"""Payments outside the links, in the technician's chat: /paid (cash or EFT, in full or in
part), /unpaid (each open invoice with its age) and /void (a mistaken invoice: its reminder
and its link stopped, and a credit note to the customer who was sent it)."""

from __future__ import annotations

import re

from domain.email import MailTopic
from domain.errors import InvoiceError
from domain.invoices import Invoice, InvoiceStatus
from domain.jobs import Job
from domain.money import format_rand
from domain.payments import PaymentMethod, credit_note_text, parse_rand
from handlers.kernel.turn import Turn
from handlers.shared.mail import tell_by_route
from handlers.shared.payments import METHOD_WORDS, close_link, owing, record_payment
from handlers.technician.job_card import find_job

_INVOICE_NUMBER = re.compile(r"^INV-?(\d+)$", re.IGNORECASE)
PAID_USAGE = "Write /paid BG-1001 (or INV-00001), then cash or eft, then an amount if only part"


async def paid(turn: Turn, args: str) -> None:
    words = args.split()
    if not words:
        turn.reply(f"{PAID_USAGE}.")
        return
    found = await _open_invoice(turn, words[0])
    if found is None:
        return
    invoice, job = found
    method, amount = PaymentMethod.CASH, None
    try:
        for word in words[1:]:
            if word.lower() in (PaymentMethod.CASH, PaymentMethod.EFT):
                method = PaymentMethod(word.lower())
            else:
                amount = parse_rand(word)
    except InvoiceError as problem:
        turn.reply(f"{problem}. {PAID_USAGE}.")
        return
    owed = await owing(turn, invoice)
    amount = amount or owed
    if amount > owed:
        turn.reply(f"{invoice.number_text} owes only {format_rand(owed)}; nothing was recorded.")
        return
    recorded = await record_payment(turn, invoice, job, amount, method)
    what = f"{invoice.number_text} ({job.reference})"
    if recorded.paid_in_full:
        turn.reply(f"{what} is paid: {format_rand(amount)} {METHOD_WORDS[method]}. Receipt sent.")
    else:
        turn.reply(
            f"{what}: {format_rand(amount)} {METHOD_WORDS[method]} recorded, "
            f"{format_rand(recorded.balance_cents)} still owed. Receipt sent."
        )


async def unpaid(turn: Turn, args: str) -> None:
    open_ones = await turn.uow.payments.open_invoices()
    if not open_ones:
        turn.reply("No invoice is waiting to be paid.")
        return
    now = turn.clock.now()
    lines = [f"Open invoices ({len(open_ones)}), oldest first:"]
    for entry in open_ones:
        days = (now - entry.issued_at).days
        age = "today" if days == 0 else "1 day" if days == 1 else f"{days} days"
        part = f" (of {format_rand(entry.total_cents)})" if entry.paid_cents else ""
        lines.append(
            f"{entry.number_text} {entry.reference} {entry.customer_name}: "
            f"{format_rand(entry.balance_cents)}{part}, {age}"
        )
    lines.append(f"Owed in all: {format_rand(sum(e.balance_cents for e in open_ones))}")
    turn.reply("\n".join(lines))


async def void(turn: Turn, args: str) -> None:
    found = await _open_invoice(turn, (args.split() or [""])[0])
    if found is None:
        return
    invoice, job = found
    assert invoice.id is not None
    if not await turn.uow.invoices.settle(invoice.id, InvoiceStatus.VOID):
        turn.reply(f"{invoice.number_text} was settled meanwhile; nothing changed.")
        return
    await turn.uow.follow_ups.cancel_for_invoice(invoice.id)
    link = await turn.uow.payments.open_link(invoice.id)
    if link is not None:
        await close_link(turn, link)
    total = invoice.totals.gross
    note = credit_note_text(
        await turn.uow.payments.add_credit_note(invoice.id, total, turn.clock.now())
    )
    paid_already = await turn.uow.payments.paid_cents(invoice.id)
    customer = await turn.uow.customers.get(invoice.customer_id)
    assert customer is not None
    words = (
        f"{job.reference}: invoice {invoice.number_text} ({format_rand(total)}) is cancelled "
        f"by credit note {note}; you owe nothing on it. Sorry for the mix-up."
    )
    subject = f"Your credit note for {invoice.number_text} ({job.reference})"
    chat, emailed = await tell_by_route(turn, customer, MailTopic.DOCUMENT, subject, words)
    refund = (
        f" {format_rand(paid_already)} was paid on it: refund or carry it over."
        if paid_already
        else ""
    )
    reach = (
        "Customer told."
        if chat or emailed
        else f"The customer can't be reached in chat: {customer.phone}."
    )
    turn.reply(f"{invoice.number_text} is void; credit note {note} issued. {reach}{refund}")


async def _open_invoice(turn: Turn, typed: str) -> tuple[Invoice, Job] | None:
    """The invoice an invoice number names, or a job's one open invoice, held for this
    transaction; None (said why) when there is no such open invoice."""
    found = await _named_invoice(turn, typed)
    if found is None:
        return None
    invoice, job = found
    assert invoice.id is not None
    held = await turn.uow.invoices.hold(invoice.id)
    if held is None or held.status is not InvoiceStatus.ISSUED:
        turn.reply(f"{invoice.number_text} was settled meanwhile; nothing changed.")
        return None
    return held, job


async def _named_invoice(turn: Turn, typed: str) -> tuple[Invoice, Job] | None:
    if number := _INVOICE_NUMBER.match(typed.strip()):
        invoice = await turn.uow.invoices.by_number(int(number.group(1)))
        if invoice is None or invoice.status is not InvoiceStatus.ISSUED:
            state = "no such invoice" if invoice is None else f"it is {invoice.status}"
            turn.reply(f"{typed}: {state}.")
            return None
        job = await turn.uow.jobs.get(invoice.job_id)
        assert job is not None
        return invoice, job
    job = await find_job(turn, typed)
    if job is None:
        return None
    assert job.id is not None
    open_ones = await turn.uow.invoices.issued_for_job(job.id)
    if len(open_ones) == 1:
        return open_ones[0], job
    if not open_ones:
        turn.reply(f"{job.reference} has no open invoice.")
    else:
        numbers = ", ".join(i.number_text for i in open_ones)
        turn.reply(f"{job.reference} has {len(open_ones)} open invoices ({numbers}): name one.")
    return None
