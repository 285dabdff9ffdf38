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
    end_at: Mapped[datetime]
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
    at: Mapped[datetime]


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
    received_at: Mapped[datetime]
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
    created_at: Mapped[datetime]
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
    created_at: Mapped[datetime]


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
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
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
