"""/report BG-… and /invoice BG-… in the technician's chat: the document is prepared and shown
to the technician, and goes to the customer only when they tap "Send to the customer"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from domain.documents import InvoiceDocument, Photo, Recipient, ServiceReport
from domain.errors import InvoiceError
from domain.invoices import Invoice, InvoiceLine, parse_invoice_lines
from domain.jobs import Job, JobStatus
from domain.messages import Attachment, Option
from domain.money import format_rand
from domain.payments import PaymentProviderError
from domain.records import AttachmentKind, NoteVisibility, StoredFile, total_time
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.follow_up_plans import plan_unpaid_reminder
from handlers.shared.payments import pay_words, payment_link
from handlers.technician.invoice_extras import drop_options, extras_shown, work_time_line
from handlers.technician.job_card import find_job
from handlers.technician.job_status import tell_customer

PREFIX = "document."
SEND, DROP = "send.", "drop."  # after the prefix: "document.send.<tag>"
LINE = "line."  # "document.line.<position>.<tag>": drop that line from the draft
PDF = "application/pdf"


@dataclass(frozen=True, kw_only=True)
class DocumentState(FlowState):
    """A document prepared and shown to the technician, waiting for Send or Don't send."""

    NAME: ClassVar[str] = "document"
    reference: str
    key: str
    tag: str  # names it in its buttons
    size: int = 0  # a report's
    invoice: int | None = None  # an invoice's draft
    extra_from: int = 0  # its lines from here on were offered, each with a Drop button


async def report(turn: Turn, args: str) -> None:
    job = await find_job(turn, (args.split() or [""])[0])
    if job is None:
        return
    assert job.id is not None
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None
    notes = await turn.uow.records.notes(job.id)
    service = turn.business.service(job.service_code)
    now = turn.clock.now()
    pdf = await turn.paper.service_report(
        ServiceReport(
            business=turn.business.business,
            reference=job.reference,
            customer_name=customer.name,
            customer_phone=customer.phone or "",
            service_name=service.name if service else job.service_code,
            problem=job.problem,
            work_done=_work_done(job),
            time_spent=total_time(list(await turn.uow.records.time_entries(job.id)), now),
            visible_notes=tuple(n.text for n in notes if n.visibility is NoteVisibility.VISIBLE),
            made_on=now.astimezone(turn.calendar.zone),
            photos=await _photos(turn, job),
        )
    )
    key = f"jobs/{job.id}/{job.reference}-report-{now:%Y%m%d%H%M%S}.pdf"
    await turn.files.put(key, pdf, PDF)
    filename = f"{job.reference}-service-report.pdf"
    tag = _tag(key)
    turn.start_flow(DocumentState(reference=job.reference, key=key, tag=tag, size=len(pdf)))
    turn.reply(
        f"The service report for {job.reference}. Send it to {customer.name or 'the customer'}?",
        _choices(tag),
        attachments=(Attachment(key, PDF, filename, size=len(pdf)),),
    )


async def invoice(turn: Turn, args: str) -> None:
    reference, _, extras = args.strip().partition(" ")
    job = await find_job(turn, reference)
    if job is None:
        return
    assert job.id is not None
    try:
        lines = _lines(turn, job, extras)
    except InvoiceError as problem:
        turn.reply(
            f"{problem}. Write /invoice {job.reference}, and extra lines like "
            f"/invoice {job.reference} Network cable 2x R120; Call-out R250"
        )
        return
    offered = [line for line in (await work_time_line(turn, job),) if line is not None]
    await draft_invoice(turn, job, lines + offered, extra_from=len(lines))


async def draft_invoice(turn: Turn, job: Job, lines: list[InvoiceLine], extra_from: int) -> None:
    """A draft of these lines shown to the technician, to send, not send, or drop the lines
    from `extra_from` on (offered beside what was asked for)."""
    assert job.id is not None
    if not lines:
        turn.reply(f"Nothing is left to invoice for {job.reference}; nothing was sent.")
        return
    business = turn.business
    vendor = business.business.vat_number is not None  # only a VAT vendor charges VAT
    draft = await turn.uow.invoices.add(
        Invoice(
            job.id,
            job.customer_id,
            lines,
            prices_include_vat=business.prices_include_vat,
            vat_rate_percent=business.vat_rate_percent if vendor else 0,
        )
    )
    assert draft.id is not None
    document = await _invoice_document(turn, job, draft)
    pdf = await turn.paper.invoice(document)
    key = f"jobs/{job.id}/{job.reference}-invoice-draft-{draft.id}.pdf"
    await turn.files.put(key, pdf, PDF)
    tag = _tag(key)
    turn.start_flow(
        DocumentState(
            reference=job.reference, key=key, tag=tag, invoice=draft.id, extra_from=extra_from
        )
    )
    total = format_rand(draft.totals.gross) + (" including VAT" if vendor else "")
    turn.reply(
        f"Draft invoice for {job.reference}: {total}. It gets its number when you send it."
        + extras_shown(lines, extra_from)
        + _draft_warnings(turn, document),
        (*_choices(tag), *drop_options(PREFIX, tag, lines, extra_from)),
        attachments=(Attachment(key, PDF, f"{job.reference}-invoice-draft.pdf", size=len(pdf)),),
    )


async def decide(turn: Turn, choice: str) -> None:
    """The technician's Send / Don't send under a document ("send.<tag>" of its option).
    Only the buttons of the document last prepared count: an older message's button must not
    send the newer document."""
    flow = turn.flow_as(DocumentState)
    if flow is None:
        turn.reply("That document was dealt with already: /report or /invoice makes a new one.")
        return
    if choice.rpartition(".")[2] != flow.tag:
        turn.reply(
            "Those buttons belong to an earlier document, so nothing was sent. "
            f"The latest one, for {flow.reference}, is still waiting for your OK."
        )
        return
    turn.end_flow()
    if choice.startswith(LINE):
        await _drop_line(turn, flow, int(choice.split(".")[1]))
        return
    if choice.startswith(DROP):
        turn.reply("Not sent.")
        return
    job = await find_job(turn, flow.reference)
    if job is None:
        return
    assert job.id is not None
    how_to_pay = ""
    if flow.invoice is not None:
        try:
            async with turn.uow.savepoint():  # no number taken unless the link is made
                sent = await _issue(turn, job, flow.invoice)
        except PaymentProviderError as problem:
            turn.start_flow(flow)  # the same buttons still send it
            turn.reply(
                f"The invoice was not sent: {problem}. Tap Send again in a moment.",
                _choices(flow.tag),
            )
            return
        if sent is None:
            return
        key, size, filename, kind, what, how_to_pay = sent
    else:
        key, size, kind = flow.key, flow.size, AttachmentKind.REPORT
        filename, what = f"{job.reference}-service-report.pdf", "service report"
    now = turn.clock.now()
    await turn.uow.records.add_file(StoredFile(job.id, kind, key, PDF, size, filename, now))
    document = Attachment(key, PDF, filename, f"Your {what} for {job.reference}", size)
    words = f"{job.reference}: your {what} from {turn.business.business.name} is attached."
    if how_to_pay:
        words += f" {how_to_pay}"
    await tell_customer(turn, job, words, f"Sent the {what}", attachments=(document,))


async def _drop_line(turn: Turn, flow: DocumentState, position: int) -> None:
    """The draft again without that line (only an offered one can go)."""
    job = await find_job(turn, flow.reference)
    draft = await turn.uow.invoices.get(flow.invoice) if flow.invoice is not None else None
    if job is None or draft is None or not flow.extra_from <= position < len(draft.lines):
        turn.reply("That line can't be dropped; /invoice makes a new draft.")
        return
    lines = draft.lines[:position] + draft.lines[position + 1 :]
    await draft_invoice(turn, job, lines, flow.extra_from)


async def latest_pictures(turn: Turn, job: Job) -> tuple[bytes | None, bytes | None]:
    """The newest before and after photos of a job, as stored."""
    assert job.id is not None
    kept = await turn.uow.records.files(job.id)
    found: dict[AttachmentKind, bytes] = {}
    for kind in (AttachmentKind.BEFORE, AttachmentKind.AFTER):
        newest = [f for f in kept if f.kind is kind and f.content_type.startswith("image/")]
        if newest:
            found[kind] = await turn.files.get(newest[-1].key)
    return found.get(AttachmentKind.BEFORE), found.get(AttachmentKind.AFTER)


async def _issue(
    turn: Turn, job: Job, invoice_id: int
) -> tuple[str, int, str, AttachmentKind, str, str] | None:
    draft = await turn.uow.invoices.get(invoice_id)
    if draft is None or draft.number is not None:
        turn.reply("That invoice was sent already.")
        return None
    # With a provider the link is made below; without, placeholder bank details stop it here,
    # before the invoice takes its number: none is wasted.
    if turn.payments is None:
        refused = (await _invoice_document(turn, job, draft)).why_not_sendable()
        if refused is not None:
            turn.reply(f"Not sent. {refused}")
            return None
    try:
        issued = await turn.uow.invoices.issue(draft, turn.clock.now())
    except InvoiceError:  # issued meanwhile, from elsewhere
        turn.reply("That invoice was sent already.")
        return None
    await plan_unpaid_reminder(turn, issued)
    link = await payment_link(turn, issued, job)
    link_url = link.url if link else None
    pdf = await turn.paper.invoice(await _invoice_document(turn, job, issued, link_url))
    key = f"jobs/{job.id}/{issued.number_text}.pdf"
    await turn.files.put(key, pdf, PDF)
    how_to_pay = pay_words(turn, job.reference, link)
    return key, len(pdf), f"{issued.number_text}.pdf", AttachmentKind.INVOICE, "invoice", how_to_pay


async def _invoice_document(
    turn: Turn, job: Job, invoice: Invoice, payment_link: str | None = None
) -> InvoiceDocument:
    """What the invoice PDF shows (a payment link, when one is made, goes in `payment_link`)."""
    customer = await turn.uow.customers.get(job.customer_id)
    assert customer is not None
    dated: datetime = invoice.issued_at or turn.clock.now()
    return InvoiceDocument(
        business=turn.business.business,
        payment=turn.business.payment,
        invoice=invoice,
        reference=job.reference,
        customer=Recipient(customer.name, customer.phone or "", customer.email, job.address),
        dated=dated.astimezone(turn.calendar.zone),
        payment_link=payment_link,
    )


def _draft_warnings(turn: Turn, document: InvoiceDocument) -> str:
    """What the technician should know before tapping Send (with a payment provider, a link
    is made at Send, so placeholder bank details stop nothing)."""
    warnings = []
    if turn.payments is None and (refused := document.why_not_sendable()):
        warnings.append(f"It cannot be sent yet. {refused}")
    if missing := document.missing_for_a_full_tax_invoice():
        warnings.append(
            "Above R5 000 a tax invoice must show the customer's "
            f"{' and '.join(missing)}, and this one does not."
        )
    return "".join(f"\n\n{warning}" for warning in warnings)


async def _photos(turn: Turn, job: Job) -> tuple[Photo, ...]:
    """Every before and after photo of the job, as stored, in the order they came."""
    assert job.id is not None
    labels = {AttachmentKind.BEFORE: "Before", AttachmentKind.AFTER: "After"}
    return tuple(
        [
            Photo(labels[kept.kind], await turn.files.get(kept.key))
            for kept in await turn.uow.records.files(job.id)
            if kept.kind in labels and kept.content_type.startswith("image/")
        ]
    )


def _lines(turn: Turn, job: Job, extras: str) -> list[InvoiceLine]:
    service = turn.business.service(job.service_code)
    booked = [InvoiceLine(service.name, Decimal(1), service.price_cents)] if service else []
    lines = booked + parse_invoice_lines(extras)
    if not lines:
        raise InvoiceError("There is nothing to invoice yet")
    return lines


def _tag(key: str) -> str:
    """Names one prepared document in its buttons (Telegram allows 64 bytes of button data)."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _choices(tag: str) -> tuple[Option, Option]:
    send, drop = f"{PREFIX}{SEND}{tag}", f"{PREFIX}{DROP}{tag}"
    return Option(send, "Send to the customer"), Option(drop, "Don't send")


def _work_done(job: Job) -> str:
    done = [e.note for e in job.timeline if e.to_status is JobStatus.COMPLETED and e.note]
    return done[-1] if done else ""
