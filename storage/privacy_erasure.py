"""Erasing a customer: their personal data removed or blanked in every table, in the caller's
transaction; only issued tax invoices stay (with the kept PDF), each recorded with why. The
files to remove from the store are handed back: the caller removes them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, delete, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.erasure import ERASED, personal_words, scrub
from domain.invoices import InvoiceStatus
from domain.privacy import ERASED_NAME, INVOICE_REASON, KeptRecord
from domain.records import AttachmentKind
from storage.tables import (
    AppointmentRow,
    AttachmentRow,
    AttemptCounterRow,
    ChannelIdentityRow,
    ChatMessageRow,
    ConsentRow,
    ConversationRow,
    CustomerRow,
    CustomerSessionRow,
    EmailAddressRow,
    EmailUnsubscribeRow,
    GoogleEventRow,
    InboundMessageRow,
    InvoiceLineRow,
    InvoiceRow,
    JobEventRow,
    JobRow,
    KeptRecordRow,
    MessageRouteRow,
    NoteRow,
    OutboxRow,
    ReminderPreferenceRow,
    ScheduledMessageRow,
    SignInCodeRow,
    SignInLinkRow,
    StatusLinkRow,
    SurveyAnswerRow,
    TimeEntryRow,
    WebMessageRow,
)

_KEPT_INVOICES = (InvoiceStatus.ISSUED, InvoiceStatus.PAID, InvoiceStatus.VOID)


async def erase_customer(
    session: AsyncSession, customer_id: int, now: datetime, invoice_years: int
) -> list[str] | None:
    """The file-store keys to remove; None when there is no such customer."""
    customer = await session.get(CustomerRow, customer_id)
    if customer is None:
        return None
    identities = [
        (i.channel, i.address)
        for i in await session.scalars(
            select(ChannelIdentityRow).where(ChannelIdentityRow.customer_id == customer_id)
        )
    ]
    jobs = list(await session.scalars(select(JobRow).where(JobRow.customer_id == customer_id)))
    job_ids = [job.id for job in jobs]
    phones = {customer.phone, *(a for c, a in identities if c in ("sms", "whatsapp"))} - {None}
    addresses = list(
        await session.scalars(
            select(EmailAddressRow.address).where(EmailAddressRow.customer_id == customer_id)
        )
    )
    words = personal_words(
        customer.name,
        [p for p in phones if p] + addresses,
        customer.email,
        [job.address for job in jobs if job.address] + [f"{c}:{a}" for c, a in identities],
    )
    kept_invoices = await _keep_invoices(session, customer_id, job_ids, now, invoice_years)
    keys = await _drop_files(session, job_ids, kept_invoices)
    await _drop_job_records(session, job_ids)
    for job in jobs:
        job.problem, job.address = ERASED, None
    await _drop_conversations(session, identities)
    for table in (ConsentRow, ReminderPreferenceRow, ScheduledMessageRow, ChannelIdentityRow):
        await session.execute(delete(table).where(table.customer_id == customer_id))
    await _drop_accounts(session, customer_id, [p for p in phones if p], addresses)
    await _rewrite_calendar_events(session, job_ids)
    customer.name, customer.phone, customer.email = ERASED_NAME, None, None
    await _scrub_others(session, words)
    await session.flush()
    return keys


async def _keep_invoices(
    session: AsyncSession, customer_id: int, job_ids: list[int], now: datetime, years: int
) -> set[int]:
    """Issued invoices are kept, by law; drafts go. The ids of the jobs whose invoice PDFs stay."""
    invoices = list(await session.scalars(select(InvoiceRow).where(InvoiceRow.job_id.in_(job_ids))))
    kept: set[int] = set()
    for invoice in invoices:
        if invoice.status in _KEPT_INVOICES and invoice.issued_at is not None:
            kept.add(invoice.job_id)
            record = KeptRecord(
                customer_id,
                f"invoice {invoice.number}",
                INVOICE_REASON.format(years=years),
                now,
                keep_until=invoice.issued_at + timedelta(days=366 * years),
            )
            session.add(
                KeptRecordRow(
                    customer_id=record.customer_id,
                    record=record.record,
                    reason=record.reason,
                    keep_until=record.keep_until,
                    at=record.at,
                )
            )
        else:
            await session.execute(
                delete(InvoiceLineRow).where(InvoiceLineRow.invoice_id == invoice.id)
            )
            await session.delete(invoice)
    return kept


async def _drop_files(session: AsyncSession, job_ids: list[int], kept_jobs: set[int]) -> list[str]:
    files = await session.scalars(select(AttachmentRow).where(AttachmentRow.job_id.in_(job_ids)))
    keys = []
    for row in files:
        if row.kind == AttachmentKind.INVOICE and row.job_id in kept_jobs:
            continue
        keys.append(row.key)
        await session.delete(row)
    return keys


async def _drop_job_records(session: AsyncSession, job_ids: list[int]) -> None:
    for table in (ChatMessageRow, NoteRow, SurveyAnswerRow, StatusLinkRow, ScheduledMessageRow):
        await session.execute(delete(table).where(table.job_id.in_(job_ids)))
    await session.execute(
        update(JobEventRow).where(JobEventRow.job_id.in_(job_ids)).values(note="")
    )
    await session.execute(
        update(TimeEntryRow).where(TimeEntryRow.job_id.in_(job_ids)).values(note="")
    )


async def _drop_conversations(session: AsyncSession, identities: list[tuple[str, str]]) -> None:
    """What they sent, what we sent them, and the state of their chats."""
    if not identities:
        return
    keys = [f"{channel}:{address}" for channel, address in identities]
    web = [address for channel, address in identities if channel == "web"]
    await session.execute(
        delete(InboundMessageRow).where(InboundMessageRow.conversation_key.in_(keys))
    )
    await session.execute(
        delete(OutboxRow).where(tuple_(OutboxRow.channel, OutboxRow.recipient).in_(identities))
    )
    await session.execute(delete(WebMessageRow).where(WebMessageRow.address.in_(web)))
    await session.execute(delete(ConversationRow).where(ConversationRow.key.in_(keys)))


async def _scrub_others(session: AsyncSession, words: tuple[str, ...]) -> None:
    """The technician's chat and the console's history mention the customer: blanked there."""
    if not words:
        return
    columns: list[tuple[Any, str]] = [
        (OutboxRow, "payload"),
        (InboundMessageRow, "payload"),
        (WebMessageRow, "payload"),
        (ConversationRow, "state"),
    ]
    for table, name in columns:
        column = getattr(table, name)
        mentions = or_(*(cast(column, Text).ilike(f"%{word}%") for word in words))
        for row in await session.scalars(select(table).where(mentions)):
            setattr(row, name, scrub(getattr(row, name), words))


async def _drop_accounts(
    session: AsyncSession, customer_id: int, phones: list[str], addresses: list[str]
) -> None:
    """Their e-mail addresses and choices, sign-in codes, links and sessions (browsers and
    client addresses), and the limits' counts kept under their numbers or addresses."""
    await session.execute(
        delete(EmailUnsubscribeRow).where(EmailUnsubscribeRow.address.in_(addresses))
    )
    for table in (EmailAddressRow, MessageRouteRow, SignInLinkRow, CustomerSessionRow):
        await session.execute(delete(table).where(table.customer_id == customer_id))
    await session.execute(
        delete(SignInCodeRow).where(
            or_(SignInCodeRow.customer_id == customer_id, SignInCodeRow.target.in_(phones))
        )
    )
    subjects = phones + addresses
    await session.execute(delete(AttemptCounterRow).where(AttemptCounterRow.subject.in_(subjects)))


async def _rewrite_calendar_events(session: AsyncSession, job_ids: list[int]) -> None:
    """Visits already in the technician's Google Calendar are written again as they now stand,
    without the customer's name."""
    visits = select(AppointmentRow.id).where(AppointmentRow.job_id.in_(job_ids))
    await session.execute(
        update(GoogleEventRow)
        .where(GoogleEventRow.appointment_id.in_(visits), GoogleEventRow.in_google)
        .values(pending=True, attempts=0, next_try_at=None)
    )
