"""What goes into the documents a job produces: the service report and the invoice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.business import BusinessInfo, PaymentDetails
from domain.invoices import Invoice


@dataclass(frozen=True, slots=True)
class ServiceReport:
    business: BusinessInfo
    reference: str
    customer_name: str
    customer_phone: str
    service_name: str
    problem: str
    work_done: str
    time_spent: timedelta
    visible_notes: tuple[str, ...]
    made_on: datetime  # in the business time zone
    before: bytes | None = None  # pictures, as stored
    after: bytes | None = None


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    business: BusinessInfo
    payment: PaymentDetails
    invoice: Invoice
    reference: str
    customer_name: str
    customer_phone: str
    dated: datetime  # in the business time zone
    # Where the customer pays online; printed with a QR code of it. None: EFT details only.
    payment_link: str | None = None


def hours_and_minutes(spent: timedelta) -> str:
    minutes = int(spent.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
