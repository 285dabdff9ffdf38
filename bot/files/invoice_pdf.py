"""The invoice as a PDF. With a VAT number in the business file it is a tax invoice with
every particular of a full one (section 20(4) of the VAT Act, so it is right above R5 000 as
well as below): the words "Tax Invoice", our name, address and VAT number, the recipient's name,
address and VAT number when known, the serial number, the date of issue, each line's
description, quantity and value, the value before VAT, the VAT at its rate, and the total.
Without a VAT number it is an "Invoice" and says nothing of VAT."""

from __future__ import annotations

import io

import segno
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from bot.files.pdf_page import FONT, LINE, day, pairs, printable, section, started
from domain.documents import InvoiceDocument
from domain.invoices import InvoiceStatus
from domain.money import format_rand
from domain.phones import readable_phone

_COLUMNS = (90, 14, 34, 42)  # description, quantity, unit price, amount: the page's 180 mm
_QR_SIZE = 32  # mm


def invoice_pdf(document: InvoiceDocument) -> bytes:
    title = "Tax Invoice" if document.tax_invoice else "Invoice"
    with started(document.business, title, document.dated) as pdf:
        if document.invoice.status is InvoiceStatus.DRAFT:
            pdf.set_text_color(200, 0, 0)
            pdf.cell(0, LINE, "DRAFT - not yet issued", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
        _particulars(pdf, document)
        pdf.ln(4)
        _lines_and_totals(pdf, document)
        _how_to_pay(pdf, document)
        return bytes(pdf.output())


def _particulars(pdf: FPDF, document: InvoiceDocument) -> None:
    """The invoice's own particulars on the left, who it is for on the right."""
    top = pdf.get_y()
    pairs(
        pdf,
        [
            ("Invoice number", document.invoice.number_text),
            ("Date of issue", day(document.dated)),
            ("Due date", day(document.due)),
            ("Job", document.reference),
        ],
    )
    below_left = pdf.get_y()
    customer = document.customer
    lines = [customer.name, customer.address, readable_phone(customer.phone), customer.email]
    if customer.vat_number:
        lines.append(f"VAT number: {customer.vat_number}")
    pdf.set_xy(110, top)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, LINE, "Bill to", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    for line in filter(None, lines):
        pdf.multi_cell(0, 5, printable(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, max(below_left, pdf.get_y()))


def _lines_and_totals(pdf: FPDF, document: InvoiceDocument) -> None:
    """The totals are rows of the same table, so each amount stands under the amounts."""
    invoice, totals = document.invoice, document.invoice.totals
    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=_COLUMNS,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD"),
        line_height=LINE,
    ) as table:
        table.row(["Description", "Qty", "Unit price", _amount_heading(document)])
        for line in invoice.lines:
            table.row(
                [
                    printable(line.description),
                    f"{line.quantity.normalize():f}",
                    format_rand(line.unit_price_cents),
                    format_rand(line.amount_cents),
                ]
            )
        if document.tax_invoice:
            rows = [
                ("Total excl. VAT", totals.net, False),
                (f"VAT at {invoice.vat_rate_percent}%", totals.vat, False),
                ("Total incl. VAT", totals.gross, True),
            ]
        else:
            rows = [("Total", totals.gross, True)]
        for label, cents, bold in rows:
            style = FontFace(emphasis="BOLD" if bold else None)
            row = table.row()
            row.cell(label, align="RIGHT", colspan=3, style=style)
            row.cell(format_rand(cents), align="RIGHT", style=style)


def _amount_heading(document: InvoiceDocument) -> str:
    if not document.tax_invoice:
        return "Amount"
    return "Amount incl. VAT" if document.invoice.prices_include_vat else "Amount excl. VAT"


def _how_to_pay(pdf: FPDF, document: InvoiceDocument) -> None:
    pay = document.payment
    due = f"Please pay by {day(document.due)}, quoting {document.reference}."
    section(pdf, "Payment", due)
    if document.payment_link:
        _payment_link(pdf, document.payment_link)
    if not (pay.placeholder and document.payment_link):  # made-up details never reach paper
        section(
            pdf,
            "Pay by EFT",
            f"Bank: {pay.bank}\nAccount name: {pay.account_name}\n"
            f"Account number: {pay.account_number}\nBranch code: {pay.branch_code}\n"
            f"{pay.reference_hint}",
        )


def _payment_link(pdf: FPDF, link: str) -> None:
    """The link, and a QR code of it to scan with a phone."""
    if pdf.get_y() + _QR_SIZE + 10 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    top = pdf.get_y()
    png = io.BytesIO()
    segno.make(link, error="m").save(png, kind="png", scale=8, border=2)
    pdf.image(png, x=pdf.l_margin, y=top, w=_QR_SIZE, h=_QR_SIZE)
    pdf.set_xy(pdf.l_margin + _QR_SIZE + 5, top + 4)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, LINE, "Pay online: scan the code or open", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(11, 92, 173)
    pdf.multi_cell(0, 5, printable(link), link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(max(pdf.get_y(), top + _QR_SIZE) + 1)
