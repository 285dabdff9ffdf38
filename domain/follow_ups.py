"""Scheduled messages: what they are, when they fall due, and the customers' quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

# A reminder that quiet hours push to less than this before the visit is not worth sending.
MIN_REMINDER_LEAD = timedelta(minutes=30)


class FollowUpKind(StrEnum):
    REMINDER = "reminder"  # before an appointment
    AGENDA = "agenda"  # the technician's day, every morning
    SURVEY = "survey"  # how did we do, after completion
    MAINTENANCE = "maintenance"  # a check-up, months after completion
    UNPAID_INVOICE = "unpaid_invoice"
    WEEKLY_SUMMARY = "weekly_summary"  # last week's figures, Monday morning, to the technician


class FollowUpState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    CANCELLED = "cancelled"  # the visit was moved or called off, or the job closed
    SKIPPED = "skipped"  # due, but nothing to say any more (paid, opted out of reminders)
    FAILED = "failed"  # could not be put into words (a fault); the technician was told


# Kinds that reach customers, and so wait for the end of quiet hours.
CUSTOMER_KINDS = frozenset(FollowUpKind) - {FollowUpKind.AGENDA, FollowUpKind.WEEKLY_SUMMARY}


@dataclass(frozen=True, slots=True)
class FollowUp:
    kind: FollowUpKind
    key: str  # one row per key: planning twice, or in two processes, adds nothing
    due_at: datetime
    job_id: int | None = None
    customer_id: int | None = None
    appointment_id: int | None = None
    invoice_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time
    zone: tzinfo

    def end_of(self, moment: datetime) -> datetime | None:
        """When the quiet hours around `moment` end; None when `moment` is not in them."""
        local = moment.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:  # within one day, e.g. 13:00-14:00
            inside = self.start <= clock < self.end
            end_day = local.date()
        else:  # across midnight, e.g. 20:00-07:00
            inside = clock >= self.start or clock < self.end
            end_day = local.date() + timedelta(days=1 if clock >= self.start else 0)
        if not inside:
            return None
        return datetime.combine(end_day, self.end, self.zone).astimezone(UTC)

    def defer(self, moment: datetime) -> datetime:
        """`moment`, or the end of the quiet hours it falls in."""
        return self.end_of(moment) or moment


def reminder_due(start: datetime, lead_minutes: int, quiet: QuietHours) -> datetime | None:
    """When to remind of a visit at `start`: `lead_minutes` before, after quiet hours; None
    when waiting out the quiet hours would bring it too close to the visit to help."""
    due = quiet.defer(start - timedelta(minutes=lead_minutes))
    return due if start - due >= MIN_REMINDER_LEAD else None


def reminder_key(appointment_id: int, lead_minutes: int, start: datetime) -> str:
    """Moving a visit plans new reminders (a reminder sent for the old time is no reason to
    stay quiet about the new one)."""
    return f"reminder:{appointment_id}:{lead_minutes}:{start.astimezone(UTC):%Y%m%dT%H%M}"


def agenda_due(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at, zone).astimezone(UTC)


def weekly_summary(day: date, at: time, quiet: QuietHours) -> FollowUp | None:
    """On a Monday, last week's summary at the agenda's time, or when quiet hours end."""
    if day.weekday() != 0:
        return None
    due = quiet.defer(agenda_due(day, at, quiet.zone))
    return FollowUp(FollowUpKind.WEEKLY_SUMMARY, f"weekly:{day}", due)


def unpaid_invoice_reminder(
    invoice_id: int,
    job_id: int,
    customer_id: int,
    issued_at: datetime,
    after_days: int,
    quiet: QuietHours,
) -> FollowUp:
    """The reminder of an invoice still open `after_days` after it was issued."""
    return FollowUp(
        FollowUpKind.UNPAID_INVOICE,
        f"invoice:{invoice_id}",
        quiet.defer(issued_at + timedelta(days=after_days)),
        job_id=job_id,
        customer_id=customer_id,
        invoice_id=invoice_id,
    )


def months_later(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    job_id: int
    score: int  # 1 (very poor) to 5 (excellent)
    comment: str | None
    answered_at: datetime


# A score this low reaches the technician at once.
ALERT_AT_OR_BELOW = 3
