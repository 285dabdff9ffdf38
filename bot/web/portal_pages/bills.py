"""What a job still owes, on its portal page: each issued invoice's balance and the link to
pay it, followed live like the rest of the page (a payment takes it off)."""

from __future__ import annotations

from html import escape

from bot.web.status_view import OpenBill
from domain.money import format_rand
from storage.unit_of_work import SqlUnitOfWork


async def open_bills(uow: SqlUnitOfWork, job_id: int) -> tuple[OpenBill, ...]:
    """The job's issued invoices with something left to pay, oldest first. A payment link is
    shown only while it asks for exactly that balance (after a part payment the chat's next
    message brings the new one)."""
    bills = []
    for invoice in await uow.invoices.issued_for_job(job_id):
        assert invoice.id is not None
        balance = invoice.totals.gross - await uow.payments.paid_cents(invoice.id)
        if balance <= 0:
            continue
        link = await uow.payments.open_link(invoice.id)
        url = link.url if link is not None and link.amount_cents == balance else ""
        bills.append(OpenBill(invoice.number_text, balance, url))
    return tuple(bills)


def bills_html(bills: tuple[OpenBill, ...]) -> str:
    if not bills:
        return ""
    items = []
    for bill in bills:
        owed = f"{escape(bill.number)}: {escape(format_rand(bill.balance_cents))} to pay"
        pay = (
            f' <a class="button" href="{escape(bill.pay_url)}" rel="noopener noreferrer">'
            f"Pay {escape(bill.number)} now</a>"
            if bill.pay_url
            else ""
        )
        items.append(f"<li>{owed}{pay}</li>")
    return (
        '<section class="bills" aria-labelledby="bills-title">'
        f'<h2 id="bills-title">To pay</h2><ul>{"".join(items)}</ul></section>'
    )
