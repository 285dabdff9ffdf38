"""The few SQL pieces that SQLite and Postgres spell differently, and the invoice totals that
every money figure starts from (worked out in the database, rounded as domain/money.py does)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Integer,
    Subquery,
    case,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import INTERVAL

from domain.invoices import InvoiceStatus
from storage.tables import InvoiceLineRow, InvoiceRow

# What counts as invoiced: issued, whether paid yet or not (drafts and voided ones don't).
BILLED = (str(InvoiceStatus.ISSUED), str(InvoiceStatus.PAID))
PAID = str(InvoiceStatus.PAID)


class Spelling:
    """Expressions in one database's dialect."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def seconds(self, moment: Any) -> ColumnElement[float]:
        """Seconds since 1970 (differences of two are durations)."""
        if self.sqlite:
            return cast((func.julianday(moment) - 2440587.5) * 86400.0, Float)
        return cast(func.extract("epoch", moment), Float)

    def average_seconds(self, later: Any, earlier: Any) -> ColumnElement[float]:
        """The average of `later - earlier`, in seconds. Postgres averages the intervals and
        converts once (converting each time to epoch seconds first costs three times as much)."""
        if self.sqlite:
            return func.avg((func.julianday(later) - func.julianday(earlier)) * 86400.0)
        return cast(func.extract("epoch", func.avg(later - earlier)), Float)

    def local(self, moment: Any, offset_minutes: int, part: str) -> ColumnElement[int]:
        """The month (1-12) or weekday (0 = Sunday) of a UTC time, at the local offset."""
        if self.sqlite:
            shifted = func.strftime(
                "%m" if part == "month" else "%w", moment, f"{offset_minutes:+d} minutes"
            )
            return cast(shifted, Integer)
        interval = cast(literal(f"{offset_minutes} minutes"), INTERVAL)
        local = func.timezone(interval, moment)
        return cast(func.extract("month" if part == "month" else "dow", local), Integer)


def invoice_totals(*conditions: ColumnElement[bool]) -> Subquery:
    """The invoices that meet the conditions, each with its net and VAT in cents. Lines round
    half up to the cent; VAT is worked out once on the total. Whole-number arithmetic, so both
    databases agree. The lines are summed per invoice alone (a narrow, one-pass aggregate over
    the chosen invoices' lines, which an index on the invoices narrows), then the invoice's own
    columns are joined on."""
    milli = cast(func.round(InvoiceLineRow.quantity * 1000), BigInteger)
    line = (milli * InvoiceLineRow.unit_price_cents * 2 + 1000) // 2000
    sums = (
        # Postgres sums whole numbers as numeric; made whole again so // divides as integers.
        select(InvoiceLineRow.invoice_id, cast(func.sum(line), BigInteger).label("total"))
        .join(InvoiceRow, InvoiceRow.id == InvoiceLineRow.invoice_id)
        .where(*conditions)
        .group_by(InvoiceLineRow.invoice_id)
        .subquery("line_sums")
    )
    total, rate = sums.c.total, InvoiceRow.vat_rate_percent
    vat_inside = (2 * total * rate + 100 + rate) // (2 * (100 + rate))
    vat_on_top = (2 * total * rate + 100) // 200
    return (
        select(
            InvoiceRow.id,
            InvoiceRow.number,
            InvoiceRow.job_id,
            InvoiceRow.customer_id,
            InvoiceRow.status,
            InvoiceRow.issued_at,
            case((InvoiceRow.prices_include_vat, total - vat_inside), else_=total).label("net"),
            case((InvoiceRow.prices_include_vat, vat_inside), else_=vat_on_top).label("vat"),
        )
        .join(sums, sums.c.invoice_id == InvoiceRow.id)
        .where(*conditions)  # again, so the invoices are read by index here too
        .subquery("invoice_totals")
    )


def paid_only(amount: Any, status: Any) -> ColumnElement[int]:
    return case((status == PAID, amount), else_=0)
