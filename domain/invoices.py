"""Invoices: lines in integer cents, VAT at 15 %, sequential numbers that never repeat."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import InvoiceError
from domain.money import VAT_RATE_PERCENT, VatSplit, round_half_up, vat_in_gross, vat_on_net


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    description: str
    quantity: Decimal
    unit_price_cents: int

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise InvoiceError("an invoice line needs a description")
        if self.quantity <= 0:
            raise InvoiceError(f"quantity must be positive, not {self.quantity}")
        if self.unit_price_cents < 0:
            raise InvoiceError("a unit price cannot be negative")

    @property
    def amount_cents(self) -> int:
        return round_half_up(self.quantity * self.unit_price_cents)


# "Network cable 2x R120.50": a description, an optional quantity, a price in rand.
_TYPED_LINE = re.compile(
    r"^(?P<what>.+?)\s+(?:(?P<qty>\d+(?:\.\d+)?)\s*x\s+)?R\s?(?P<rand>[\d ]+(?:[.,]\d{1,2})?)$"
)


def parse_invoice_lines(typed: str) -> list[InvoiceLine]:
    """Lines as the technician types them, apart by ";": "Network cable 2x R120; Call-out
    R250". InvoiceError names the part that cannot be read."""
    lines = []
    for part in filter(None, (part.strip() for part in typed.split(";"))):
        match = _TYPED_LINE.match(part)
        if match is None:
            raise InvoiceError(f'I couldn\'t read "{part}" as a line')
        try:
            rand = Decimal(match["rand"].replace(" ", "").replace(",", "."))
            quantity = Decimal(match["qty"] or 1)
        except InvalidOperation:
            raise InvoiceError(f'I couldn\'t read the amount in "{part}"') from None
        lines.append(InvoiceLine(match["what"], quantity, int(rand * 100)))
    return lines


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    VOID = "void"


def invoice_number_text(number: int) -> str:
    return f"INV-{number:05d}"


@dataclass(slots=True)
class Invoice:
    job_id: int
    customer_id: int
    lines: list[InvoiceLine] = field(default_factory=list)
    prices_include_vat: bool = True
    vat_rate_percent: int = VAT_RATE_PERCENT
    status: InvoiceStatus = InvoiceStatus.DRAFT
    number: int | None = None
    issued_at: datetime | None = None
    id: int | None = None

    def add_line(self, line: InvoiceLine) -> None:
        if self.status is not InvoiceStatus.DRAFT:
            raise InvoiceError("an issued invoice cannot change; void it and issue a new one")
        self.lines.append(line)

    @property
    def totals(self) -> VatSplit:
        """VAT is worked out once on the invoice total, so lines never round twice."""
        lines_total = sum(line.amount_cents for line in self.lines)
        if self.prices_include_vat:
            return vat_in_gross(lines_total, self.vat_rate_percent)
        return vat_on_net(lines_total, self.vat_rate_percent)

    @property
    def number_text(self) -> str:
        return invoice_number_text(self.number) if self.number is not None else "draft"

    def issue(self, number: int, at: datetime) -> None:
        """Give the invoice its sequential number; taken from a counter in the same transaction."""
        if self.status is not InvoiceStatus.DRAFT:
            raise InvoiceError(f"invoice {self.number_text} is already {self.status}")
        if not self.lines:
            raise InvoiceError("an invoice needs at least one line")
        self.number = number
        self.issued_at = at
        self.status = InvoiceStatus.ISSUED
