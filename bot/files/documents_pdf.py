"""Service reports and invoices as real text PDFs (fpdf2), and the before/after picture (Pillow).

fpdf2's core fonts (Helvetica) need no font file on the machine but hold Latin-1 only, so text
is sanitised first: typographic quotes and dashes become plain ones, anything else outside
Latin-1 a question mark."""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image, ImageDraw, ImageOps

from domain.business import BusinessInfo
from domain.documents import InvoiceDocument, ServiceReport, hours_and_minutes
from domain.invoices import InvoiceStatus
from domain.money import format_rand

_PLAIN = str.maketrans({
    "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-",
    "…": "...", "•": "-", "\u2009": " ", "\u202f": " ",
})  # fmt: skip
_LINE = 6  # mm
_PHOTO_WIDTH = 85  # mm: two side by side on A4
_SIDE_BY_SIDE_HEIGHT = 720  # px


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class PdfDocuments:
    """The DocumentMaker port."""

    def service_report(self, report: ServiceReport) -> bytes:
        pdf = _start(report.business, "Service report", report.made_on)
        _pairs(
            pdf,
            [
                ("Job", report.reference),
                ("Customer", f"{report.customer_name}  {report.customer_phone}"),
                ("Service", report.service_name),
                ("Time spent", hours_and_minutes(report.time_spent)),
            ],
        )
        _section(pdf, "The problem", report.problem)
        _section(pdf, "Work done", report.work_done or "See the notes below.")
        if report.visible_notes:
            _section(pdf, "Notes", "\n".join(f"- {note}" for note in report.visible_notes))
        _photos(pdf, report.before, report.after)
        return bytes(pdf.output())

    def invoice(self, document: InvoiceDocument) -> bytes:
        invoice = document.invoice
        title = "Tax invoice" if document.business.vat_number else "Invoice"
        pdf = _start(document.business, title, document.dated)
        if invoice.status is InvoiceStatus.DRAFT:
            pdf.set_text_color(200, 0, 0)
            pdf.cell(0, _LINE, "DRAFT - not yet issued", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
        _pairs(
            pdf,
            [
                ("Invoice number", invoice.number_text),
                ("Job", document.reference),
                ("Bill to", f"{document.customer_name}  {document.customer_phone}"),
            ],
        )
        pdf.ln(3)
        with pdf.table(
            col_widths=(90, 20, 35, 35), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")
        ) as table:
            table.row(["Description", "Qty", "Unit price", "Amount"])
            for line in invoice.lines:
                table.row(
                    [
                        latin1(line.description),
                        f"{line.quantity.normalize():f}",
                        format_rand(line.unit_price_cents),
                        format_rand(line.amount_cents),
                    ]
                )
        totals = invoice.totals
        pdf.ln(2)
        included = " (included)" if invoice.prices_include_vat else ""
        for label, cents in (
            ("Subtotal excl. VAT", totals.net),
            (f"VAT {invoice.vat_rate_percent}%{included}", totals.vat),
            ("Total", totals.gross),
        ):
            pdf.set_font("Helvetica", "B" if label == "Total" else "", 10)
            pdf.cell(145, _LINE, latin1(label), align="R")
            pdf.cell(35, _LINE, format_rand(cents), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pay = document.payment
        _section(
            pdf,
            "Payment by EFT",
            f"Bank: {pay.bank}\nAccount name: {pay.account_name}\n"
            f"Account number: {pay.account_number}\nBranch code: {pay.branch_code}\n"
            f"Reference: {document.reference}. {pay.reference_hint}\n"
            f"Please pay within {pay.terms_days} days.",
        )
        return bytes(pdf.output())

    def side_by_side(self, before: bytes, after: bytes) -> bytes:
        halves = [_fit_height(data, _SIDE_BY_SIDE_HEIGHT) for data in (before, after)]
        gap, band = 12, 48
        width = halves[0].width + gap + halves[1].width
        canvas = Image.new("RGB", (width, _SIDE_BY_SIDE_HEIGHT + band), "white")
        draw = ImageDraw.Draw(canvas)
        x = 0
        for label, half in zip(("BEFORE", "AFTER"), halves, strict=True):
            canvas.paste(half, (x, band))
            draw.text((x + 12, 12), label, fill="black", font_size=28)
            x += half.width + gap
        out = io.BytesIO()
        canvas.save(out, "JPEG", quality=85)
        return out.getvalue()


def _fit_height(data: bytes, height: int) -> Image.Image:
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height))


def _start(business: BusinessInfo, title: str, dated: datetime) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"{business.name} {title}"))
    pdf.set_author(latin1(business.name))
    pdf.set_creation_date(dated)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, latin1(business.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    contact = [business.address, business.phone, business.email, business.website or ""]
    pdf.cell(
        0, 5, latin1("  |  ".join(c for c in contact if c)), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    if business.vat_number:
        vat_number = latin1(f"VAT number {business.vat_number}")
        pdf.cell(0, 5, vat_number, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, _LINE, dated.strftime("%d %B %Y"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf


def _pairs(pdf: FPDF, pairs: list[tuple[str, str]]) -> None:
    for label, value in pairs:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(35, _LINE, latin1(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, _LINE, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _section(pdf: FPDF, heading: str, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, _LINE + 1, latin1(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _photos(pdf: FPDF, before: bytes | None, after: bytes | None) -> None:
    shown = [(label, data) for label, data in (("Before", before), ("After", after)) if data]
    if not shown:
        return
    pdf.ln(4)
    top = pdf.get_y()
    if top > 180:  # not enough room left on the page for the pictures
        pdf.add_page()
        top = pdf.get_y()
    tallest = 0.0
    for index, (label, data) in enumerate(shown):
        x = pdf.l_margin + index * (_PHOTO_WIDTH + 10)
        pdf.set_xy(x, top)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(_PHOTO_WIDTH, _LINE, label)
        placed = pdf.image(io.BytesIO(data), x=x, y=top + _LINE, w=_PHOTO_WIDTH)
        tallest = max(tallest, float(placed.rendered_height))
    pdf.set_xy(pdf.l_margin, top + _LINE + tallest + 2)
