"""The few SQL pieces that SQLite and Postgres spell differently, and the invoice totals that
every money figure starts from (kept on each invoice's row, rounded as domain/money.py does)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
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
from storage.tables import InvoiceRow

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
    """The invoices that meet the conditions, each with its net and VAT in cents, as kept on
    its row when it was written (its lines rounded half up to the cent, VAT once on the
    total). An invoice without lines has no totals and is left out."""
    return (
        select(
            InvoiceRow.id,
            InvoiceRow.number,
            InvoiceRow.job_id,
            InvoiceRow.customer_id,
            InvoiceRow.status,
            InvoiceRow.issued_at,
            InvoiceRow.net_cents.label("net"),
            InvoiceRow.vat_cents.label("vat"),
        )
        .where(InvoiceRow.net_cents.is_not(None), *conditions)
        .subquery("invoice_totals")
    )


def paid_only(amount: Any, status: Any) -> ColumnElement[int]:
    return case((status == PAID, amount), else_=0)
