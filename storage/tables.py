"""The database schema as SQLAlchemy ORM rows. Rows never leave storage/."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import Json, UtcDateTime

# Named constraints, so batch migrations on SQLite can drop and rebuild them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; Postgres gets a 64-bit identity.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: Json}  # noqa: RUF012


class CustomerRow(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime]


class ChannelIdentityRow(Base):
    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "address"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(128))
    reachable: Mapped[bool] = mapped_column(default=True)
    last_inbound_at: Mapped[datetime | None]
    opted_out_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class JobRow(Base):
    __tablename__ = "jobs"
    # The figures' time from request to each milestone: one indexed pass over the period.
    __table_args__ = (
        Index(
            "ix_jobs_created_at_milestones",
            "created_at",
            "first_answer_at",
            "first_visit_at",
            "completed_at",
        ),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    priority: Mapped[str] = mapped_column(String(16))
    problem: Mapped[str] = mapped_column(Text)
    service_code: Mapped[str] = mapped_column(String(64))
    area: Mapped[str | None] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(index=True)  # the figures count by period
    updated_at: Mapped[datetime]
    # Milestones kept by the repositories in the transaction that makes them (see
    # storage/repositories/milestones.py): the technician's first message (not an automatic
    # reply), the first visit still on, the first completion.
    first_answer_at: Mapped[datetime | None]
    first_visit_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class JobEventRow(Base):
    __tablename__ = "job_events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class AppointmentRow(Base):
    __tablename__ = "appointments"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(index=True)
    # A window's visits are those ending after it starts: few, however long the history.
    end_at: Mapped[datetime] = mapped_column(index=True)
    mode: Mapped[str] = mapped_column(String(16))
    area: Mapped[str | None] = mapped_column(String(64))
    reschedules: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]


class ChangeRequestRow(Base):
    """A late move or cancellation; decided once (the status leaves "pending" only once)."""

    __tablename__ = "change_requests"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"))
    kind: Mapped[str] = mapped_column(String(16))
    start_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    asked_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class AppointmentCellRow(Base):
    """The five-minute cells an active appointment covers. The primary key lets one
    appointment hold a cell: no double booking, however many processes book at once."""

    __tablename__ = "appointment_cells"
    starts_at: Mapped[datetime] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), index=True)


class ChatMessageRow(Base):
    __tablename__ = "chat_messages"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    author: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(index=True)  # the retention sweep's


class NoteRow(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]


class TimeEntryRow(Base):
    __tablename__ = "time_entries"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    start_at: Mapped[datetime]
    end_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")


class AttachmentRow(Base):
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    visible_to_customer: Mapped[bool]
    at: Mapped[datetime]
    # When its job last closed, while it stays closed (storage/repositories/milestones.py):
    # the retention sweep finds the expired files by index, however many are kept.
    job_closed_at: Mapped[datetime | None] = mapped_column(index=True)


class InvoiceRow(Base):
    __tablename__ = "invoices"
    # The figures: issued in a period, or unpaid (issued), or paid by a date.
    __table_args__ = (Index("ix_invoices_status_issued_at", "status", "issued_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    number: Mapped[int | None] = mapped_column(unique=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[str] = mapped_column(String(16))
    prices_include_vat: Mapped[bool]
    vat_rate_percent: Mapped[int]
    issued_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # The totals of its lines (invoices never change once written; empty without lines), so
    # the figures and the accountant's export read invoices without summing their lines.
    net_cents: Mapped[int | None] = mapped_column(BigInteger)
    vat_cents: Mapped[int | None] = mapped_column(BigInteger)


class InvoiceLineRow(Base):
    __tablename__ = "invoice_lines"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int]
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 3))
    unit_price_cents: Mapped[int] = mapped_column(BigInteger)


class CounterRow(Base):
    """Gapless sequences (job and invoice numbers), advanced inside the caller's transaction."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class InboundMessageRow(Base):
    """Every acknowledged inbound message, recorded before the 2xx; the platform id dedupes."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "platform_id"),
        Index("ix_inbound_messages_status_id", "status", "id"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_id: Mapped[str] = mapped_column(String(128))
    conversation_key: Mapped[str] = mapped_column(String(160), index=True)
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(index=True)  # the retention sweep's
    handled_at: Mapped[datetime | None]


class OutboxRow(Base):
    """Messages committed with the change that caused them; a deliverer sends them after."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbox_recipient_status", "channel", "recipient", "status"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    # A deliverer leases the row while sending, so a second process leaves it alone.
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    platform_message_id: Mapped[str | None] = mapped_column(String(128), index=True)
    delivery_status: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(index=True)  # the retention sweep's
    sent_at: Mapped[datetime | None]


class ConversationRow(Base):
    """The open flow of one conversation, so a restart or a second process loses nothing."""

    __tablename__ = "conversations"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class AppSecretRow(Base):
    """Secrets the service generates on first start (webhook secret, admin token)."""

    __tablename__ = "app_secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime]


class StatusLinkRow(Base):
    """A job's live status page link: only the token's hash is kept, so a leaked database
    opens no page; a revoked link stays, refused."""

    __tablename__ = "status_links"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class WebMessageRow(Base):
    """The web chat's mailbox: what was said to and by one web chat (a customer's session or
    the technician's console), for its history and for a page opened later."""

    __tablename__ = "web_messages"
    __table_args__ = (
        Index("ix_web_messages_address_id", "address", "id"),
        UniqueConstraint("address", "client_id"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    address: Mapped[str] = mapped_column(String(128))
    direction: Mapped[str] = mapped_column(String(8))
    # The page's own id for what it sent: a resend after a reconnect is kept once.
    client_id: Mapped[str | None] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(index=True)  # the retention sweep's


class ScheduledMessageRow(Base):
    """A message due later (reminder, agenda, survey...); the poller turns it into outbox rows
    when due, in one transaction, so it goes out once however many processes poll."""

    __tablename__ = "scheduled_messages"
    __table_args__ = (Index("ix_scheduled_messages_state_due_at", "state", "due_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    # The process that last claimed it. The claim and the send are one transaction: a crash
    # undoes both, so no lease is needed.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class SurveyAnswerRow(Base):
    """How the customer rated a job (1-5) and what they said; one answer per job."""

    __tablename__ = "survey_answers"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), unique=True)
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(index=True)


class ReminderPreferenceRow(Base):
    """A customer who said NO REMINDERS (job updates still reach them)."""

    __tablename__ = "reminder_preferences"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    off_since: Mapped[datetime]


class DaysOffRow(Base):
    """The technician's leave or day off, both ends included."""

    __tablename__ = "days_off"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime]


class PowerCutRow(Base):
    """A power cut the technician set for one of our areas."""

    __tablename__ = "power_cuts"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    area: Mapped[str] = mapped_column(String(80))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime]


class PowerScheduleRow(Base):
    """The last schedule the load-shedding source gave for one of its areas: every process
    reads it, so the source (with its small daily quota) is asked once per refresh."""

    __tablename__ = "power_schedules"
    area_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    cuts: Mapped[dict[str, Any]]
    checked_at: Mapped[datetime]


# -- e-mail and calendars ----------------------------------------------------------------------


class EmailAddressRow(Base):
    """A customer's e-mail address: its proof code until proven, and a relay's refusal."""

    __tablename__ = "email_addresses"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    address: Mapped[str] = mapped_column(String(254), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    code_sent_at: Mapped[datetime | None]
    code_tries: Mapped[int] = mapped_column(default=0)
    proven_at: Mapped[datetime | None]
    refused_at: Mapped[datetime | None]


class EmailUnsubscribeRow(Base):
    """An address that asked for no more of one kind of e-mail (List-Unsubscribe)."""

    __tablename__ = "email_unsubscribes"
    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    topic: Mapped[str] = mapped_column(String(24), primary_key=True)
    at: Mapped[datetime]


class MessageRouteRow(Base):
    """Where one kind of message goes for a customer, when they chose other than the default."""

    __tablename__ = "message_routes"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(24), primary_key=True)
    route: Mapped[str] = mapped_column(String(8))


class CalendarInviteRow(Base):
    """The last SEQUENCE sent in a job's calendar invitation (its UID comes from the job)."""

    __tablename__ = "calendar_invites"
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id"), primary_key=True)
    sequence: Mapped[int]


# -- customers' accounts: sign-in codes and links, sessions, the limits on asking ---------------


class SignInCodeRow(Base):
    """A one-time code sent to a number (or address), kept as its hash."""

    __tablename__ = "sign_in_codes"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    target: Mapped[str] = mapped_column(String(254), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]


class SignInLinkRow(Base):
    """A sign-in link's token, kept as its hash; spent by one deliberate POST."""

    __tablename__ = "sign_in_links"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class CustomerSessionRow(Base):
    """A browser signed in to the portal, kept as the hash of its cookie's token."""

    __tablename__ = "customer_sessions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    user_agent: Mapped[str] = mapped_column(String(300))
    client_address: Mapped[str] = mapped_column(String(64))
    # The web chat browser it was opened from, if any: once revoked, that chat alone no
    # longer signs the browser in again.
    chat_address: Mapped[str | None] = mapped_column(String(64), index=True)
    revoked_at: Mapped[datetime | None]


class AttemptCounterRow(Base):
    """How often something was asked for in a fixed window (codes per number, per client
    address, overall): in the database, so every process counts against the same limit."""

    __tablename__ = "attempt_counters"
    __table_args__ = (UniqueConstraint("scope", "subject", "window_start"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(254))
    window_start: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(default=0)


# -- Payments: links, payments, the providers' events, credit notes ---------------------------


class PaymentLinkRow(Base):
    """A provider's payment link for what an invoice owed when it was made."""

    __tablename__ = "payment_links"
    __table_args__ = (
        UniqueConstraint("provider", "link_id"),
        Index("ix_payment_links_state_checked_at", "state", "checked_at"),
    )
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    link_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    checked_at: Mapped[datetime | None]  # last asked of the provider (the reconciliation)


class PaymentRow(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime]


class PaymentEventRow(Base):
    """Each provider event handled once: a replay finds its id here."""

    __tablename__ = "payment_events"
    __table_args__ = (UniqueConstraint("provider", "event_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    provider: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime]


class CreditNoteRow(Base):
    __tablename__ = "credit_notes"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), unique=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime]


# -- the technician's calendars (ICS feed, Google Calendar) ------------------------------------


class CalendarFeedRow(Base):
    """A link to the technician's ICS feed of visits; only its token's hash is kept."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class GoogleEventRow(Base):
    """A visit's event in the technician's Google Calendar: `pending` while Google has yet to
    be told of the visit's latest state (booked, moved or cancelled); claimed with SKIP LOCKED
    and a lease (`claimed_until`) so Google is asked outside any transaction, and retried from
    `next_try_at` when Google does not answer. `marks` counts the visit's changes: one made
    while Google was asked leaves the row pending."""

    __tablename__ = "google_events"
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    in_google: Mapped[bool] = mapped_column(default=False)
    pending: Mapped[bool] = mapped_column(default=True, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_until: Mapped[datetime | None]
    marks: Mapped[int] = mapped_column(default=0)


class OutageRow(Base):
    """An outside service that stopped answering, and since when; the technician is told when
    the row is made, so once an outage however many retries fail."""

    __tablename__ = "outages"
    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    since: Mapped[datetime]


# -- privacy (POPIA): consents, the audit log, what an erasure kept ----------------------------


class ConsentRow(Base):
    """What a customer was told or agreed to, when, on which channel: the privacy notice shown
    on a channel, check-ups and offers asked, granted or withdrawn. The last of a kind counts."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    what: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool]
    channel: Mapped[str | None] = mapped_column(String(16))
    at: Mapped[datetime]


class AuditEntryRow(Base):
    """Who exported, changed, erased or looked at a customer's data. Never names the customer:
    it outlives an erasure."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(String(300), default="")


class KeptRecordRow(Base):
    """A record an erasure left in place because the law asks for it, and why."""

    __tablename__ = "kept_records"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    customer_id: Mapped[int] = mapped_column(index=True)
    record: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(300))
    keep_until: Mapped[datetime | None]
    at: Mapped[datetime]


# Several processes on one database: the limits they share.


class SignInFailureRow(Base):
    """A refused console sign-in, counted against its address by every process."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_who_failed_at", "who", "failed_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    who: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(index=True)


class SendPaceRow(Base):
    """When the last message left for a platform (key: the channel) or for one chat on it
    (`channel:recipient`), so every process together keeps to the platform's rate. Postgres
    only: the function send_pace_take (migration 0014) reads and writes it."""

    __tablename__ = "send_pace"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    last_at: Mapped[datetime] = mapped_column(index=True)
