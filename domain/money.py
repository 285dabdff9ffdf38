"""Money in integer cents (ZAR) and the VAT arithmetic on it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VAT_RATE_PERCENT = 15


def round_half_up(value: Decimal) -> int:
    """Round to whole cents the way SARS and customers expect (0.5 goes up)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(cents: int, percent: int | Decimal) -> int:
    return round_half_up(Decimal(cents) * Decimal(percent) / 100)


@dataclass(frozen=True, slots=True)
class VatSplit:
    """A total split into its net amount and its VAT, every part in cents."""

    net: int
    vat: int

    @property
    def gross(self) -> int:
        return self.net + self.vat


def vat_on_net(net_cents: int, rate_percent: int = VAT_RATE_PERCENT) -> VatSplit:
    """VAT added on top of a VAT-exclusive amount."""
    return VatSplit(net=net_cents, vat=percent_of(net_cents, rate_percent))


def vat_in_gross(gross_cents: int, rate_percent: int = VAT_RATE_PERCENT) -> VatSplit:
    """VAT contained in a VAT-inclusive amount (the tax fraction rate / (100 + rate))."""
    vat = round_half_up(Decimal(gross_cents) * Decimal(rate_percent) / (100 + rate_percent))
    return VatSplit(net=gross_cents - vat, vat=vat)


def format_rand(cents: int, *, drop_zero_cents: bool = False) -> str:
    """R1 234.50 — a space between thousands, as South African invoices print it; a price
    list may say R550 for R550.00."""
    sign = "-" if cents < 0 else ""
    rands, rest = divmod(abs(cents), 100)
    cents_part = "" if drop_zero_cents and rest == 0 else f".{rest:02d}"
    return f"{sign}R{rands:,}{cents_part}".replace(",", " ")
