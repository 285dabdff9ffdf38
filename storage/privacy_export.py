"""Everything held about one customer, as plain JSON-ready data, for "my data": their details
and channels, their jobs with timelines, visits, the notes they may see, the job chat, files,
ratings and invoices, and the messages exchanged on their channels. Private notes and the
technician's own chat are left out, and so is anything of another customer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from domain.privacy import DataExport, ExportedFile
from domain.records import NoteVisibility
from storage.tables import (
    AppointmentRow,
    AttachmentRow,
    ChannelIdentityRow,
    ChatMessageRow,
    ConsentRow,
    CustomerRow,
    InboundMessageRow,
    InvoiceLineRow,
    InvoiceRow,
    JobEventRow,
    JobRow,
    NoteRow,
    OutboxRow,
    SurveyAnswerRow,
)


def _at(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def customer_export(session: AsyncSession, customer_id: int) -> DataExport | None:
    customer = await session.get(CustomerRow, customer_id)
    if customer is None:
        return None
    identities = list(
        await session.scalars(
            select(ChannelIdentityRow).where(ChannelIdentityRow.customer_id == customer_id)
        )
    )
    files: list[ExportedFile] = []
    jobs = [
        await _job(session, job, files)
        for job in await session.scalars(
            select(JobRow).where(JobRow.customer_id == customer_id).order_by(JobRow.id)
        )
    ]
    consents = await session.scalars(
        select(ConsentRow).where(ConsentRow.customer_id == customer_id).order_by(ConsentRow.id)
    )
    data: dict[str, Any] = {
        "details": {
            "name": customer.name,
            "phone": customer.phone,
            "email": customer.email,
            "customer_since": _at(customer.created_at),
        },
        "channels": [
            {
                "channel": i.channel,
                "address": i.address,
                "since": _at(i.created_at),
                "last_message_at": _at(i.last_inbound_at),
                "unsubscribed_at": _at(i.opted_out_at),
            }
            for i in identities
        ],
        "consents": [
            {"what": c.what, "yes": c.granted, "channel": c.channel, "at": _at(c.at)}
            for c in consents
        ],
        "jobs": jobs,
        "messages": await _messages(session, [(i.channel, i.address) for i in identities]),
    }
    return DataExport(data, tuple(files))


async def _job(session: AsyncSession, job: JobRow, files: list[ExportedFile]) -> dict[str, Any]:
    def rows(table: Any, *where: Any) -> Any:
        return session.scalars(
            select(table).where(table.job_id == job.id, *where).order_by(table.id)
        )

    attachments = list(await rows(AttachmentRow, AttachmentRow.visible_to_customer.is_(True)))
    files.extend(ExportedFile(a.key, f"{job.reference}/{a.id}-{a.filename}") for a in attachments)
    survey = await session.scalar(select(SurveyAnswerRow).where(SurveyAnswerRow.job_id == job.id))
    return {
        "reference": job.reference,
        "status": job.status,
        "service": job.service_code,
        "problem": job.problem,
        "address": job.address,
        "area": job.area,
        "booked_at": _at(job.created_at),
        "timeline": [
            {"at": _at(e.at), "status": e.to_status, "by": e.actor, "note": e.note}
            for e in await rows(JobEventRow)
        ],
        "visits": [
            {
                "start": _at(v.start_at),
                "end": _at(v.end_at),
                "mode": v.mode,
                "cancelled_at": _at(v.cancelled_at),
            }
            for v in await rows(AppointmentRow)
        ],
        "notes": [
            {"at": _at(n.at), "text": n.text}
            for n in await rows(NoteRow, NoteRow.visibility == NoteVisibility.VISIBLE)
        ],
        "chat": [
            {"at": _at(m.at), "from": m.author, "channel": m.channel, "text": m.text}
            for m in await rows(ChatMessageRow)
        ],
        "files": [
            {"file": f"{job.reference}/{a.id}-{a.filename}", "kind": a.kind, "at": _at(a.at)}
            for a in attachments
        ],
        "rating": {"score": survey.score, "comment": survey.comment} if survey else None,
        "invoices": [await _invoice(session, i) for i in await rows(InvoiceRow)],
    }


async def _invoice(session: AsyncSession, invoice: InvoiceRow) -> dict[str, Any]:
    lines = await session.scalars(
        select(InvoiceLineRow)
        .where(InvoiceLineRow.invoice_id == invoice.id)
        .order_by(InvoiceLineRow.position)
    )
    return {
        "number": invoice.number,
        "status": invoice.status,
        "issued_at": _at(invoice.issued_at),
        "lines": [
            {
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price_cents": line.unit_price_cents,
            }
            for line in lines
        ],
    }


async def _messages(session: AsyncSession, addresses: list[tuple[str, str]]) -> list[Any]:
    """What they sent and what we sent them, on each of their channels, oldest first."""
    if not addresses:
        return []
    keys = [f"{channel}:{address}" for channel, address in addresses]
    received = await session.scalars(
        select(InboundMessageRow).where(InboundMessageRow.conversation_key.in_(keys))
    )
    sent = await session.scalars(
        select(OutboxRow).where(tuple_(OutboxRow.channel, OutboxRow.recipient).in_(addresses))
    )
    messages = [
        {"at": _at(r.received_at), "from": "you", "channel": r.channel, "text": _text(r.payload)}
        for r in received
    ]
    messages += [
        {"at": _at(r.created_at), "from": "us", "channel": r.channel, "text": _text(r.payload)}
        for r in sent
    ]
    return sorted(messages, key=lambda m: m["at"] or "")


def _text(payload: dict[str, Any]) -> str:
    text = payload.get("text")
    return text if isinstance(text, str) else ""
