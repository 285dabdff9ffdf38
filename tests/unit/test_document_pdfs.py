"""The PDFs themselves: any name or text a customer or the business file holds prints (letters
outside Latin-1 as "?"), and the figures read back as the customer sees them."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pypdf import PdfReader

from bot.files.documents_pdf import PdfDocuments
from domain.business import BusinessInfo, PaymentDetails
from domain.documents import InvoiceDocument, ServiceReport
from domain.invoices import Invoice, InvoiceLine

NAME = "Zoë Nkosi – 😀 Ωμέγα"
BUSINESS = BusinessInfo(
    "BurbGigz – IT “support”", "+27115550100", "hi@burbgigz.test", "Lombardy East, Jhb",
    vat_number="4 123 456 789 ✓",
)  # fmt: skip
PAYMENT = PaymentDetails("Bänk", "BurbGigz", "123", "250655", "Use the job reference", 7)
WHEN = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_invoice_with_names_outside_latin1_prints_with_its_totals() -> None:
    invoice = Invoice(1, 1, [InvoiceLine("Kábel – 😀 (Ωμέγα)", Decimal(3), 33_333)])
    invoice.issue(7, WHEN)
    pdf = PdfDocuments().invoice(
        InvoiceDocument(BUSINESS, PAYMENT, invoice, "BG-1001", NAME, "+27821234567", WHEN)
    )
    text = text_of(pdf)
    assert "Zoë Nkosi - ?" in text and "Kábel - ?" in text and "INV-00007" in text
    # R999.99 VAT included: VAT is 15/115 of it, R130.43, rounded half up.
    assert "Total R999.99" in text and "R130.43" in text and "R869.56" in text
    assert "VAT number 4 123 456 789 ?" in text and "Tax invoice" in text


def test_a_service_report_with_names_outside_latin1_prints() -> None:
    report = ServiceReport(
        BUSINESS, "BG-1001", NAME, "+27821234567", "Remote support – “quick”", "Wi‑Fi 😀 drops",
        "Router reset … done", timedelta(minutes=75), ("Nota bene: 日本語",), WHEN,
    )  # fmt: skip
    text = text_of(PdfDocuments().service_report(report))
    assert "Zoë Nkosi - ?" in text and "1 h 15 min" in text and "Router reset ... done" in text
