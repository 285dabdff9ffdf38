"""The accountant's CSV: every invoice issued in the period with its net amount, VAT and total,
whether it is marked paid, and a line of totals."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import tzinfo

from domain.business import BusinessConfig
from domain.figures import InvoiceEntry
from domain.invoices import InvoiceStatus, invoice_number_text
from handlers.shared.wording import service_name

HEADER = (
    "Invoice",
    "Date",
    "Job",
    "Customer",
    "Service",
    "Net (excl. VAT)",
    "VAT",
    "Total",
    "Paid",
)


def invoices_csv(entries: Sequence[InvoiceEntry], business: BusinessConfig, zone: tzinfo) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the names right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for entry in entries:
        paid = entry.status == InvoiceStatus.PAID
        writer.writerow(
            (
                invoice_number_text(entry.number),
                f"{entry.issued_at.astimezone(zone):%Y-%m-%d}",
                entry.reference,
                entry.customer,
                service_name(business, entry.service),
                _rand(entry.net),
                _rand(entry.vat),
                _rand(entry.gross),
                _rand(entry.gross if paid else 0),
            )
        )
    paid_total = sum(e.gross for e in entries if e.status == InvoiceStatus.PAID)
    net, vat = sum(e.net for e in entries), sum(e.vat for e in entries)
    writer.writerow(
        ("Total", "", "", "", "", _rand(net), _rand(vat), _rand(net + vat), _rand(paid_total))
    )
    return out.getvalue().encode("utf-8-sig")


def _rand(cents: int) -> str:
    """1234.50: plain, for spreadsheets."""
    return f"{cents // 100}.{cents % 100:02d}"
