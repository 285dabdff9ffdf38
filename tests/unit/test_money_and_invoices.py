"""VAT at 15 %, rounding to the cent, rand formatting, invoice numbering rules."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.errors import InvoiceError
from domain.invoices import (
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    invoice_number_text,
    parse_invoice_lines,
)
from domain.money import format_rand, vat_in_gross, vat_on_net

AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("net", "vat"),
    [(10_000, 1_500), (1, 0), (3, 0), (4, 1), (10, 2), (33_333, 5_000), (99_999, 15_000)],
)
def test_vat_on_a_net_amount_rounds_half_up(net: int, vat: int) -> None:
    split = vat_on_net(net)
    assert (split.net, split.vat, split.gross) == (net, vat, net + vat)


@pytest.mark.parametrize(
    ("gross", "net", "vat"),
    [(11_500, 10_000, 1_500), (45_000, 39_130, 5_870), (1, 1, 0), (23, 20, 3), (115, 100, 15)],
)
def test_vat_inside_a_gross_amount_uses_the_tax_fraction(gross: int, net: int, vat: int) -> None:
    split = vat_in_gross(gross)
    assert (split.net, split.vat, split.gross) == (net, vat, gross)


def test_half_cent_goes_up_not_to_even() -> None:
    # 0.15 * 30 = 4.5 cents: banker's rounding would give 4.
    assert vat_on_net(30).vat == 5
    assert vat_on_net(10).vat == 2  # 1.5 → 2


@pytest.mark.parametrize(
    ("cents", "text"),
    [
        (0, "R0.00"),
        (5, "R0.05"),
        (45_000, "R450.00"),
        (123_456_78, "R123 456.78"),
        (-1_050, "-R10.50"),
    ],
)
def test_rand_formatting(cents: int, text: str) -> None:
    assert format_rand(cents) == text


def invoice(include_vat: bool) -> Invoice:
    inv = Invoice(job_id=1, customer_id=1, prices_include_vat=include_vat)
    inv.add_line(InvoiceLine("Remote support session", Decimal(1), 45_000))
    inv.add_line(InvoiceLine("Extra time (hours)", Decimal("1.5"), 33_333))
    return inv


def test_invoice_total_with_vat_inclusive_prices() -> None:
    totals = invoice(include_vat=True).totals
    # 45 000 + round(1.5 × 33 333 = 49 999.5) = 95 000 gross; VAT = 95 000 × 15/115 = 12 391.30…
    assert (totals.gross, totals.vat, totals.net) == (95_000, 12_391, 82_609)


def test_invoice_total_with_vat_exclusive_prices() -> None:
    totals = invoice(include_vat=False).totals
    assert (totals.net, totals.vat, totals.gross) == (95_000, 14_250, 109_250)


def test_issuing_numbers_the_invoice_and_freezes_it() -> None:
    inv = invoice(include_vat=True)
    assert inv.number_text == "draft"
    inv.issue(7, AT)
    assert (inv.status, inv.number, inv.issued_at, inv.number_text) == (
        InvoiceStatus.ISSUED,
        7,
        AT,
        "INV-00007",
    )
    with pytest.raises(InvoiceError, match="cannot change"):
        inv.add_line(InvoiceLine("Sneaky extra", Decimal(1), 100))
    with pytest.raises(InvoiceError, match="already issued"):
        inv.issue(8, AT)


def test_an_empty_invoice_cannot_be_issued() -> None:
    with pytest.raises(InvoiceError, match="at least one line"):
        Invoice(job_id=1, customer_id=1).issue(1, AT)


@pytest.mark.parametrize(
    ("description", "quantity", "price", "problem"),
    [
        ("", Decimal(1), 100, "description"),
        ("x", Decimal(0), 100, "positive"),
        ("x", Decimal(1), -1, "negative"),
    ],
)
def test_bad_invoice_lines_are_refused(
    description: str, quantity: Decimal, price: int, problem: str
) -> None:
    with pytest.raises(InvoiceError, match=problem):
        InvoiceLine(description, quantity, price)


def test_invoice_numbers_are_zero_padded() -> None:
    assert invoice_number_text(1) == "INV-00001"
    assert invoice_number_text(123_456) == "INV-123456"


def test_typed_invoice_lines_read_description_quantity_and_rand() -> None:
    typed = "Network cable 2x R120.50; Call-out R 250; Toner 1.5 x R1 200,99;  ; Screws R0"
    assert parse_invoice_lines(typed) == [
        InvoiceLine("Network cable", Decimal(2), 12_050),
        InvoiceLine("Call-out", Decimal(1), 25_000),
        InvoiceLine("Toner", Decimal("1.5"), 120_099),
        InvoiceLine("Screws", Decimal(1), 0),
    ]
    assert parse_invoice_lines("") == []


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("cable twenty rand", 'I couldn\'t read "cable twenty rand" as a line'),
        ("Call-out R250; R250", 'I couldn\'t read "R250" as a line'),
        ("Cable R120.505", 'I couldn\'t read "Cable R120.505" as a line'),
        ("Cable R ", 'I couldn\'t read "Cable R" as a line'),
        ("Cable 0x R120", "quantity must be positive, not 0"),
    ],
)
def test_a_typed_line_that_cannot_be_read_is_named(typed: str, problem: str) -> None:
    with pytest.raises(InvoiceError) as refused:
        parse_invoice_lines(typed)
    assert str(refused.value) == problem
