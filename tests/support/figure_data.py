"""A small, known history for the figures: three customers, five jobs, their timelines,
appointments, time, surveys and invoices. Every figure of November 2026 is worked out by hand
in the tests from what is written here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.invoices import Invoice, InvoiceLine
from storage.tables import (
    AppointmentRow,
    ChatMessageRow,
    CustomerRow,
    InvoiceLineRow,
    InvoiceRow,
    JobEventRow,
    JobRow,
    SurveyAnswerRow,
    TimeEntryRow,
)

SAST = timedelta(hours=2)


def local(day: int, hour: int, month: int = 11) -> datetime:
    """A Johannesburg wall-clock time in 2026, as UTC."""
    return datetime(2026, month, day, hour, tzinfo=UTC) - SAST


# (number, customer, service, area, problem, created)
JOBS = (
    (1001, "Anna", "remote-support", None, "My laptop has a VIRUS and pop-ups", local(2, 9)),
    (1002, "Ben", "on-site-call-out", "Kew", "Printer won't print", local(3, 10)),
    (1003, "Anna", "wifi-network-setup", "Sydenham", "slow internet upstairs", local(3, 14)),
    (1004, "Cara", "pc-setup", None, "New laptop", local(20, 9, month=10)),
    # 01:00 on Tuesday the 10th locally is still Monday in UTC: weekdays are counted locally.
    (1005, "Cara", "remote-support", None, "A virus in my email", local(10, 1)),
)
# (job, number, status, include VAT, issued, [(quantity, unit cents)])
INVOICES = (
    (1001, 1, "paid", True, local(2, 12), [("1", 55000)]),
    (1002, 2, "issued", True, local(5, 9), [("1.5", 85000), ("2", 12050)]),
    (1003, 3, "paid", False, local(20, 9), [("1", 120000), ("0.333", 10001)]),
    (1004, 4, "issued", True, local(21, 9, month=10), [("1", 95000)]),
    (1005, None, "draft", True, None, [("1", 55000)]),
    (1001, 5, "void", True, local(2, 11), [("1", 99900)]),
)


async def seed(sessions: async_sessionmaker[AsyncSession], derived: bool = True) -> None:
    """The history. `derived=False` leaves empty what the repositories derive as they write
    (the jobs' milestones, the invoices' totals), as on a database from before they were kept
    (migration 0008 fills them)."""
    async with sessions() as session:
        customers = {}
        for name in ("Anna", "Ben", "Cara"):
            row = CustomerRow(name=name, created_at=local(1, 8, month=10))
            session.add(row)
            customers[name] = row
        await session.flush()
        jobs = {}
        for number, who, service, area, problem, created in JOBS:
            job = JobRow(
                number=number,
                reference=f"BG-{number}",
                customer_id=customers[who].id,
                status="scheduled",
                priority="normal",
                problem=problem,
                service_code=service,
                area=area,
                created_at=created,
                updated_at=created,
            )
            session.add(job)
            jobs[number] = job
        await session.flush()
        timeline = _timeline(jobs)
        session.add_all(timeline)
        if derived:
            _note_milestones(jobs.values(), timeline)
        for job_number, invoice_number, status, gross, issued, lines in INVOICES:
            invoice = InvoiceRow(
                number=invoice_number,
                job_id=jobs[job_number].id,
                customer_id=jobs[job_number].customer_id,
                status=status,
                prices_include_vat=gross,
                vat_rate_percent=15,
                issued_at=issued,
                created_at=local(1, 8),
            )
            if derived:
                kept = Invoice(0, 0, [InvoiceLine("line", Decimal(q), c) for q, c in lines], gross)
                invoice.net_cents, invoice.vat_cents = kept.totals.net, kept.totals.vat
            session.add(invoice)
            await session.flush()
            session.add_all(
                InvoiceLineRow(
                    invoice_id=invoice.id,
                    position=i,
                    description=f"line {i}",
                    quantity=Decimal(quantity),
                    unit_price_cents=cents,
                )
                for i, (quantity, cents) in enumerate(lines)
            )
        await session.commit()


def _note_milestones(jobs: Iterable[JobRow], timeline: list[object]) -> None:
    """What the repositories write on each job as its history happens."""

    def first(times: Iterable[datetime]) -> datetime | None:
        return min(times, default=None)

    for job in jobs:
        mine = [row for row in timeline if getattr(row, "job_id", None) == job.id]
        job.first_answer_at = first(
            r.at for r in mine if isinstance(r, ChatMessageRow) and r.author == "technician"
        )
        job.first_visit_at = first(
            r.start_at for r in mine if isinstance(r, AppointmentRow) and r.cancelled_at is None
        )
        job.completed_at = first(
            r.at for r in mine if isinstance(r, JobEventRow) and r.to_status == "completed"
        )


def _timeline(jobs: dict[int, JobRow]) -> list[object]:
    def at(number: int, minutes: int) -> datetime:
        return jobs[number].created_at + timedelta(minutes=minutes)

    def said(number: int, author: str, minutes: int) -> ChatMessageRow:
        return ChatMessageRow(
            job_id=jobs[number].id, author=author, channel="sms", text="...", at=at(number, minutes)
        )

    def visit(number: int, minutes: int, mode: str, cancelled: bool = False) -> AppointmentRow:
        start = at(number, minutes)
        return AppointmentRow(
            job_id=jobs[number].id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            mode=mode,
            area=jobs[number].area,
            cancelled_at=start - timedelta(hours=1) if cancelled else None,
        )

    def done(number: int, minutes: int) -> JobEventRow:
        return JobEventRow(
            job_id=jobs[number].id,
            at=at(number, minutes),
            actor="technician",
            from_status="in_progress",
            to_status="completed",
        )

    def worked(number: int, start: int, minutes: int | None) -> TimeEntryRow:
        end = None if minutes is None else at(number, start + minutes)
        return TimeEntryRow(job_id=jobs[number].id, start_at=at(number, start), end_at=end)

    def scored(number: int, score: int, answered: datetime, comment: str | None = None) -> object:
        return SurveyAnswerRow(
            job_id=jobs[number].id, score=score, comment=comment, answered_at=answered
        )

    return [
        said(1001, "system", 1),  # an automatic reply is no answer
        said(1001, "technician", 30),
        said(1002, "customer", 5),
        said(1002, "technician", 90),
        said(1002, "technician", 200),
        visit(1001, 180, "remote"),
        visit(1002, 1440, "on_site"),
        visit(1003, 120, "on_site", cancelled=True),
        visit(1003, 2880, "on_site"),
        done(1001, 1680),
        done(1002, 2880),
        worked(1001, 200, 60),
        worked(1002, 1500, 90),
        worked(1002, 3000, None),  # still running: not counted
        worked(1003, 2900, 45),
        worked(1003, 3000, 15),
        scored(1001, 5, local(4, 9)),
        scored(1002, 2, local(6, 9), "Late"),
        scored(1003, 4, local(20, 10)),
        scored(1004, 1, local(25, 9, month=10), "Outside the period"),
    ]
