"""The PDFs themselves, read back as the customer sees them: a tax invoice only with a VAT
number, names in any script printed as written (a letter the font lacks as "?"), the payment
link's QR code that scans, photos that stay inside their pages, a logo that cannot be read
left out."""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

from bot.files.documents_pdf import PdfDocuments
from domain.business import BusinessInfo, PaymentDetails
from domain.documents import InvoiceDocument, Photo, Recipient, ServiceReport
from domain.invoices import Invoice, InvoiceLine
from tests.support.images import picture

NAME = "Zoë Nkosi – Ŋ"
BUSINESS = BusinessInfo(
    "BurbGigz – IT “support”", "+27115550100", "hi@burbgigz.test", "12 Main Rd, Lombardy East",
    vat_number="4123456789",
)  # fmt: skip
NOT_A_VENDOR = replace(BUSINESS, vat_number=None)
PAYMENT = PaymentDetails("Bänk", "BurbGigz", "62001234567", "250655", "Quote the job number.", 7)
CUSTOMER = Recipient(NAME, "+27821234567", "zoe@example.test", "4 Oak St, Bramley")
WHEN = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
LINK = "https://pay.example.test/l/7f3a9c?ref=BG-1001"
PAPER = PdfDocuments()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def issued(*lines: InvoiceLine, rate: int = 15) -> Invoice:
    invoice = Invoice(1, 1, list(lines), vat_rate_percent=rate)
    invoice.issue(7, WHEN)
    return invoice


def document(
    invoice: Invoice,
    business: BusinessInfo = BUSINESS,
    customer: Recipient = CUSTOMER,
    payment_link: str | None = None,
) -> InvoiceDocument:
    return InvoiceDocument(business, PAYMENT, invoice, "BG-1001", customer, WHEN, payment_link)


async def test_a_tax_invoice_holds_the_particulars_sars_asks_for() -> None:
    invoice = issued(InvoiceLine("Kábel – 日本 (Ωμέγα)", Decimal(3), 33_333))
    text = text_of(await PAPER.invoice(document(invoice)))

    assert "Tax Invoice" in text and "INV-00007" in text and "24 November 2026" in text
    assert "BurbGigz – IT “support”" in text and "12 Main Rd, Lombardy East" in text
    assert "VAT number: 4123456789" in text
    assert NAME in text and "4 Oak St, Bramley" in text and "Kábel – ?? (Ωμέγα)" in text
    # R999.99 VAT included: VAT is 15/115 of it, R130.43, rounded half up.
    assert "Total excl. VAT R869.56" in text and "VAT at 15% R130.43" in text
    assert "Total incl. VAT R999.99" in text and "Amount incl. VAT" in text


async def test_an_invoice_above_r5000_names_the_customer_and_their_vat_number() -> None:
    invoice = issued(InvoiceLine("New laptop", Decimal(1), 1_250_000))
    vendor = replace(CUSTOMER, vat_number="4987654321")
    made = document(invoice, customer=vendor)
    assert made.missing_for_a_full_tax_invoice() == ()
    text = text_of(await PAPER.invoice(made))
    assert "Bill to" in text and NAME in text and "4 Oak St, Bramley" in text
    assert "VAT number: 4987654321" in text and "VAT at 15% R1 630.43" in text
    unknown = document(invoice, customer=replace(CUSTOMER, address=None))
    assert unknown.missing_for_a_full_tax_invoice() == ("address",)


async def test_without_a_vat_number_it_is_an_invoice_with_no_vat_line() -> None:
    invoice = issued(InvoiceLine("Kábel", Decimal(3), 33_333), rate=0)
    text = text_of(await PAPER.invoice(document(invoice, NOT_A_VENDOR)))
    assert "Invoice" in text and "Tax Invoice" not in text and "VAT" not in text
    assert "Total R999.99" in text and NAME in text


async def test_the_due_date_the_customer_and_phone_numbers_are_printed_readably() -> None:
    text = text_of(
        await PAPER.invoice(document(issued(InvoiceLine("Call-out", Decimal(1), 25_000))))
    )
    assert "Due date 1 December 2026" in text and "Please pay by 1 December 2026" in text
    assert "+27 82 123 4567" in text and "+27 11 555 0100" in text and "zoe@example.test" in text
    assert "Account number: 62001234567" in text


async def test_the_payment_links_qr_code_scans_to_the_link() -> None:
    pdf = await PAPER.invoice(
        document(issued(InvoiceLine("Call-out", Decimal(1), 25_000)), payment_link=LINK)
    )
    [page] = PdfReader(io.BytesIO(pdf)).pages
    assert LINK in page.extract_text()
    [qr] = page.images  # no renderer here (no pdftoppm): the picture as embedded
    assert qr.image is not None
    [code] = zxingcpp.read_barcodes(qr.image.convert("L"))
    assert code.text == LINK


async def test_placeholder_bank_details_leave_the_paper_when_there_is_a_link() -> None:
    made_up = PaymentDetails("PLACEHOLDER BANK", "BurbGigz", "0000000000", "000000", "", 7)
    invoice = issued(InvoiceLine("Call-out", Decimal(1), 25_000))
    without_link = replace(document(invoice), payment=made_up)
    assert "placeholders" in (without_link.why_not_sendable() or "")
    with_link = replace(without_link, payment_link=LINK)
    assert with_link.why_not_sendable() is None
    assert "PLACEHOLDER" not in text_of(await PAPER.invoice(with_link))


def placed_images(page: PageObject) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in points of each picture drawn on the page (fpdf2 draws each
    as `q w 0 0 h x y cm /I Do Q`)."""
    placed, matrix = [], (0.0, 0.0, 0.0, 0.0)
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"cm":
            w, _, _, h, x, y = (float(v) for v in operands)
            matrix = (x, y, w, h)
        elif operator == b"Do":
            placed.append(matrix)
    return placed


@pytest.mark.parametrize("size", [(600, 1000), (1000, 600)], ids=["portrait", "landscape"])
async def test_ten_photos_fit_inside_their_pages(size: tuple[int, int]) -> None:
    photos = tuple(Photo("Before" if i < 5 else "After", picture(size=size)) for i in range(10))
    report = ServiceReport(
        BUSINESS, "BG-1001", NAME, "+27821234567", "Remote support", "Wi-Fi drops",
        "Router reset", timedelta(minutes=75), ("Use the blue cable",), WHEN, photos,
    )  # fmt: skip
    reader = PdfReader(io.BytesIO(await PAPER.service_report(report)))

    assert len(reader.pages) >= 2  # the photos go on as many pages as they need
    count = 0
    for page in reader.pages:
        box = page.mediabox
        for x, y, w, h in placed_images(page):
            count += 1
            assert box.left <= x and x + w <= box.right and box.bottom <= y and y + h <= box.top
            assert max(w, h) > 200  # scaled to fit, not shrunk to a stamp
    assert count == 10
    assert NAME in reader.pages[0].extract_text() and "1 h 15 min" in reader.pages[0].extract_text()


async def test_a_logo_is_printed_and_a_bad_one_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good, bad = tmp_path / "logo.png", tmp_path / "broken.png"
    Image.new("RGB", (300, 100), "navy").save(good)
    bad.write_bytes(b"not a picture")
    invoice = issued(InvoiceLine("Call-out", Decimal(1), 25_000))

    with_logo = await PAPER.invoice(document(invoice, replace(BUSINESS, logo=str(good))))
    assert len(PdfReader(io.BytesIO(with_logo)).pages[0].images) == 1
    for missing in (bad, tmp_path / "gone.png"):
        with caplog.at_level(logging.WARNING):
            pdf = await PAPER.invoice(document(invoice, replace(BUSINESS, logo=str(missing))))
        assert "Tax Invoice" in text_of(pdf) and f"The logo {missing}" in caplog.text
        assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0
