"""The lines an invoice draft offers beside the service's price: the work time logged, at the
business file's hourly rate, and a late cancellation's fee. The technician sees each in the
draft with a button to drop it before sending."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from domain.documents import hours_and_minutes
from domain.invoices import InvoiceLine
from domain.jobs import Job
from domain.messages import Option
from domain.money import format_rand
from domain.records import total_time
from handlers.kernel.turn import Turn

LATE_FEE = "Late cancellation fee"
WORK_TIME = "Work time"
_HUNDREDTH = Decimal("0.01")


async def work_time_line(turn: Turn, job: Job) -> InvoiceLine | None:
    """The time logged on the job at the hourly rate; None when the rate or the time is 0."""
    rate = turn.business.hourly_rate_cents
    assert job.id is not None
    spent = total_time(list(await turn.uow.records.time_entries(job.id)), turn.clock.now())
    minutes = int(spent.total_seconds() // 60)
    if not rate or minutes <= 0:
        return None
    hours = (Decimal(minutes) / 60).quantize(_HUNDREDTH, ROUND_HALF_UP)
    return InvoiceLine(f"{WORK_TIME} {hours_and_minutes(spent)}", hours, rate)


def late_fee_line(turn: Turn) -> InvoiceLine | None:
    fee = turn.business.cancellation.late_cancellation_fee_cents
    return InvoiceLine(LATE_FEE, Decimal(1), fee) if fee else None


def extras_shown(lines: list[InvoiceLine], extra_from: int) -> str:
    """The extra lines as the draft message names them."""
    extras = lines[extra_from:]
    return "".join(f"\n+ {line.description}: {format_rand(line.amount_cents)}" for line in extras)


def drop_options(prefix: str, tag: str, lines: list[InvoiceLine], extra_from: int) -> list[Option]:
    """A "Drop …" button per extra line: "<prefix>line.<position>.<tag>"."""
    return [
        Option(f"{prefix}line.{position}.{tag}", f"Drop {lines[position].description}")
        for position in range(extra_from, len(lines))
    ]
