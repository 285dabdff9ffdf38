"""Years of made-up history for the benchmarks, written in bulk (COPY): customers and their
channels, jobs with their timelines, messages, visits, time, surveys, invoices, photos and
scheduled messages. The last two days' jobs are still open, with visits in the coming week.
One customer (REGULAR) is a business that calls often: a job in every 2,000, and the last
job, still open with its invoice issued and unpaid. Shaped like the real thing and the same on
every run (one seed)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from bot.business import load_business
from domain.invoices import Invoice, InvoiceLine

BUSINESS = load_business(None)
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
FIRST_DAY = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
OPEN_SINCE = NOW - timedelta(days=2)
REGULAR = 1  # a customer id
REGULARS_EVERY = 2000  # jobs
PROBLEMS = ("virus pop-ups", "printer offline", "slow laptop", "no internet", "lost files", "?")
Rows = dict[str, list[tuple[Any, ...]]]

COLUMNS = {
    "customers": ("id", "name", "phone", "created_at"),
    "channel_identities": ("id", "customer_id", "channel", "address", "reachable", "created_at"),
    "jobs": ("id", "number", "reference", "customer_id", "status", "priority", "problem",
             "service_code", "area", "created_at", "updated_at", "first_answer_at",
             "first_visit_at", "completed_at"),
    "job_events": ("id", "job_id", "at", "actor", "from_status", "to_status", "note"),
    "chat_messages": ("id", "job_id", "author", "channel", "text", "at"),
    "appointments": ("id", "job_id", "start_at", "end_at", "mode", "area", "reschedules"),
    "time_entries": ("id", "job_id", "start_at", "end_at", "note"),
    "survey_answers": ("id", "job_id", "score", "comment", "answered_at"),
    "invoices": ("id", "number", "job_id", "customer_id", "status", "prices_include_vat",
                 "vat_rate_percent", "issued_at", "created_at", "net_cents", "vat_cents"),
    "invoice_lines": ("id", "invoice_id", "position", "description", "quantity",
                      "unit_price_cents"),
    "attachments": ("id", "job_id", "kind", "key", "content_type", "size", "filename",
                    "visible_to_customer", "at", "job_closed_at"),
    "scheduled_messages": ("id", "key", "kind", "job_id", "customer_id", "appointment_id",
                           "invoice_id", "due_at", "state", "attempts", "created_at", "sent_at"),
}  # fmt: skip


def rows(jobs: int, past: bool = True) -> Rows:
    """`past=False`: the same customers and open jobs, without the years of finished ones."""
    pick = random.Random(20)
    customers = max(jobs // 3, 1)
    out: Rows = {table: [] for table in COLUMNS}
    for c in range(1, customers + 1):
        phone = f"+2782{c:07d}"
        out["customers"].append((c, f"Customer {c}", phone, FIRST_DAY))
        out["channel_identities"].append((c, c, "sms", phone, True, FIRST_DAY))
    # Finished jobs were requested a week or more ago: their visits (up to four days after the
    # request) and completions are all past.
    span = int((NOW - timedelta(days=7) - FIRST_DAY).total_seconds())
    for j in range(1, jobs + 1):
        if j > jobs * 0.997:  # the last few: requested in the last two days, still open
            own = random.Random(j)  # the same open jobs with or without the past
            _open_job(out, j, REGULAR if j == jobs else own.randint(1, customers), own)
            continue
        customer = REGULAR if j % REGULARS_EVERY == 0 else pick.randint(1, customers)
        created = FIRST_DAY + timedelta(seconds=pick.randrange(span))
        if past:
            _done_job(out, j, customer, created, pick)
    return out


def _job_row(j: int, customer: int, status: str, pick: random.Random, created: datetime,
             answered: datetime | None, visit: datetime | None, done: datetime | None,
             ) -> tuple[str | None, tuple[Any, ...]]:  # fmt: skip
    area = pick.choice(BUSINESS.areas.names) if pick.random() < 0.5 else None
    service, problem = pick.choice(BUSINESS.services).code, pick.choice(PROBLEMS)
    return area, (
        j, j + 1000, f"BG-{j + 1000}", customer, status, "normal", problem, service, area,
        created, done or created, answered, visit, done,
    )  # fmt: skip


def _timeline(out: Rows, j: int, created: datetime, steps: list[tuple[datetime, str]]) -> None:
    before = None
    for n, (at, status) in enumerate([(created, "requested"), (created, "scheduled"), *steps]):
        actor = "customer" if n < 2 else "technician"
        out["job_events"].append((4 * j + n, j, at, actor, before, status, ""))
        before = status


def _visit(out: Rows, j: int, visit: datetime, area: str | None, customer: int) -> None:
    mode = "remote" if area is None else "on_site"
    out["appointments"].append((j, j, visit, visit + timedelta(hours=1), mode, area, 0))
    due = visit - timedelta(hours=24)
    state, sent = ("sent", due) if due < NOW else ("pending", None)
    key = f"reminder:{j}:1440:{visit:%Y%m%dT%H%M}"
    out["scheduled_messages"].append(
        (3 * j, key, "reminder", j, customer, j, None, due, state, 1, due, sent)
    )  # fmt: skip


def _open_job(out: Rows, j: int, customer: int, pick: random.Random) -> None:
    created = OPEN_SINCE + timedelta(seconds=pick.randrange(2 * 86400))
    day = (NOW + timedelta(days=pick.randint(0, 6))).replace(hour=7)
    visit = day + timedelta(minutes=30 * pick.randint(0, 16))
    area, job = _job_row(j, customer, "scheduled", pick, created, None, visit, None)
    out["jobs"].append(job)
    _timeline(out, j, created, [])
    out["chat_messages"].append((2 * j, j, "customer", "sms", "hello", created))
    _visit(out, j, visit, area, customer)
    if customer == REGULAR:  # billed ahead, as the business pays
        _invoice(out, j, customer, created, pick, owed=True)


def _done_job(out: Rows, j: int, customer: int, created: datetime, pick: random.Random) -> None:
    """Two messages, a visit, its completion, time, a photo, maybe a survey and an invoice."""
    answered = created + timedelta(minutes=pick.randint(5, 600))
    visit = created + timedelta(hours=pick.randint(2, 96))
    done = visit + timedelta(minutes=pick.randint(20, 150))
    area, job = _job_row(j, customer, "completed", pick, created, answered, visit, done)
    out["jobs"].append(job)
    _timeline(out, j, created, [(visit, "in_progress"), (done, "completed")])
    out["chat_messages"] += [
        (2 * j, j, "customer", "sms", "hello", created),
        (2 * j + 1, j, "technician", "telegram", "on it", answered),
    ]
    _visit(out, j, visit, area, customer)
    out["time_entries"].append((j, j, visit, done, ""))
    if done > NOW - timedelta(days=91):  # older photos went with the daily retention sweep
        photo = (f"jobs/{j}/after.jpg", "image/jpeg", 999, "after.jpg", False)
        out["attachments"].append((j, j, "after", *photo, done, done))
    at = done + timedelta(hours=3)
    out["scheduled_messages"].append(
        (3 * j + 1, f"survey:{j}", "survey", j, customer, None, None, at, "sent", 1, done, at)
    )  # fmt: skip
    if pick.random() < 0.4:
        comment = "too slow" if pick.random() < 0.1 else None
        out["survey_answers"].append((j, j, pick.randint(1, 5), comment, at))
    if pick.random() < 0.7:
        _invoice(out, j, customer, done, pick)


def _invoice(
    out: Rows, j: int, customer: int, done: datetime, pick: random.Random, owed: bool = False
) -> None:
    # Old invoices are paid by now; some of the last two months' still owed.
    owed = owed or (done > NOW - timedelta(days=60) and pick.random() < 0.2)
    work, parts = pick.choice((55000, 85000, 95000)), pick.randint(1, 3)
    lines = [InvoiceLine("Work", Decimal(1), work), InvoiceLine("Parts", Decimal(parts), 12050)]
    kept = Invoice(j, customer, lines).totals  # prices with VAT, 15 %
    status = "issued" if owed else "paid"
    out["invoices"].append((j, j, j, customer, status, True, 15, done, done, kept.net, kept.vat))
    out["invoice_lines"] += [
        (2 * j + n, j, n, line.description, line.quantity, line.unit_price_cents)
        for n, line in enumerate(lines)
    ]
    due = done + timedelta(days=7)
    state, sent = ("sent", due) if due < NOW else ("pending", None)
    kind = "unpaid_invoice"
    out["scheduled_messages"].append(
        (3 * j + 2, f"invoice:{j}", kind, j, customer, None, j, due, state, 1, done, sent)
    )  # fmt: skip


async def seed(dsn: str, jobs: int, past: bool = True) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        for table, records in rows(jobs, past).items():
            await connection.copy_records_to_table(table, records=records, columns=COLUMNS[table])
        # Each table's sequence past the ids written here, so the service can add rows after.
        for table in COLUMNS:
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        await connection.execute("UPDATE counters SET value = $1 WHERE name = 'job'", jobs + 1000)
        await connection.execute(
            "UPDATE counters SET value = (SELECT coalesce(max(number), 0) FROM invoices)"
            " WHERE name = 'invoice'"
        )
        await connection.execute("VACUUM ANALYZE")  # as autovacuum leaves a settled database
    finally:
        await connection.close()
