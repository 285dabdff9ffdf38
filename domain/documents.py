"""What goes into the documents a job produces: the service report and the invoice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.business import BusinessInfo, PaymentDetails
from domain.invoices import Invoice

# Above this total (VAT included) SARS wants a full tax invoice: the recipient's name, address
# and, when they are a vendor, VAT number too (section 20(4) of the VAT Act).
FULL_TAX_INVOICE_ABOVE_CENTS = 500_000


@dataclass(frozen=True, slots=True)
class Photo:
    label: str  # "Before", "After"
    data: bytes  # as stored


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
    photos: tuple[Photo, ...] = ()  # oldest first


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who an invoice is made out to."""

    name: str
    phone: str  # E.164, or "" when unknown
    email: str | None = None
    address: str | None = None
    vat_number: str | None = None  # when the customer is a VAT vendor


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    business: BusinessInfo
    payment: PaymentDetails
    invoice: Invoice
    reference: str
    customer: Recipient
    dated: datetime  # in the business time zone
    # Where the customer pays online; printed with a QR code of it. None: EFT details only.
    payment_link: str | None = None

    @property
    def tax_invoice(self) -> bool:
        """Only a VAT vendor issues tax invoices (and charges VAT at all)."""
        return self.business.vat_number is not None

    @property
    def due(self) -> datetime:
        return self.dated + timedelta(days=self.payment.terms_days)

    def why_not_sendable(self) -> str | None:
        """What stops this invoice from going to a customer, in the technician's words."""
        if self.payment_link is None and self.payment.placeholder:
            return (
                "The bank details in the business file are still placeholders "
                f'("{self.payment.bank}", account {self.payment.account_number}), and there is '
                "no payment link, so the customer could not pay. Put the real details in the "
                "[payment] section of the business file and restart the service, then make "
                "the invoice again."
            )
        return None

    def missing_for_a_full_tax_invoice(self) -> tuple[str, ...]:
        """What a tax invoice above R5 000 needs that is not known about the customer."""
        if not self.tax_invoice or self.invoice.totals.gross <= FULL_TAX_INVOICE_ABOVE_CENTS:
            return ()
        known = {"name": self.customer.name, "address": self.customer.address}
        return tuple(what for what, value in known.items() if not (value or "").strip())


def hours_and_minutes(spent: timedelta) -> str:
    minutes = int(spent.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
