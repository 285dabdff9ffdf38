"""Getting paid: payment links made by a provider, payments recorded against an invoice (by
link, cash or EFT, in parts if need be), and what an invoice still owes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import DomainError, InvoiceError

CURRENCY = "ZAR"


class PaymentProviderError(DomainError):
    """The provider did not do what was asked (unreachable, refused); says which and why."""


class PaymentMethod(StrEnum):
    LINK = "link"  # through the provider's payment page
    CASH = "cash"
    EFT = "eft"


class LinkState(StrEnum):
    OPEN = "open"
    PAID = "paid"
    CLOSED = "closed"  # deactivated: paid another way, replaced, or the invoice voided


@dataclass(frozen=True, slots=True)
class LinkRequest:
    """What a provider needs to make a link for an amount owed on an invoice. `key` names the
    link so that asking twice (a retried issue) gives the same link back."""

    key: str
    amount_cents: int
    description: str
    customer_name: str
    customer_email: str | None = None
    customer_phone: str | None = None
    currency: str = CURRENCY


@dataclass(frozen=True, slots=True)
class PaymentLink:
    provider: str
    link_id: str
    url: str
    amount_cents: int
    invoice_id: int = 0
    state: LinkState = LinkState.OPEN


@dataclass(frozen=True, slots=True)
class LinkPaid:
    """A provider's word that a link was paid: a verified webhook or an answer to our query.
    `event_id` is the provider's (or ours for a query) and is handled once."""

    provider: str
    event_id: str
    link_id: str
    amount_cents: int
    currency: str


@dataclass(frozen=True, slots=True)
class Payment:
    invoice_id: int
    amount_cents: int
    method: PaymentMethod
    at: datetime
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An issued invoice not yet paid in full, as /unpaid lists it."""

    invoice_id: int
    number_text: str
    reference: str
    customer_name: str
    total_cents: int
    paid_cents: int
    issued_at: datetime

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.paid_cents


def credit_note_text(number: int) -> str:
    return f"CN-{number:05d}"


_AMOUNT = re.compile(r"^R?\s?(?P<rand>\d[\d ]*(?:[.,]\d{1,2})?)$", re.IGNORECASE)


def parse_rand(typed: str) -> int:
    """'R250', '250.50', 'r1 200' → cents; InvoiceError when it is not an amount."""
    match = _AMOUNT.match(typed.strip())
    if match is None:
        raise InvoiceError(f'"{typed}" is not an amount like R250 or 250.50')
    try:
        cents = int(Decimal(match["rand"].replace(" ", "").replace(",", ".")) * 100)
    except InvalidOperation:
        raise InvoiceError(f'"{typed}" is not an amount like R250 or 250.50') from None
    if cents <= 0:
        raise InvoiceError("an amount paid must be more than R0")
    return cents
