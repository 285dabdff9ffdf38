"""The DocumentMaker port: service reports and invoices as real text PDFs (fpdf2; see
report_pdf and invoice_pdf), and the before/after picture (Pillow). Each is drawn in a worker
thread, so a big report never holds up the event loop. fpdf2, segno and matplotlib (for its
font) are imported with the first document: a process that makes none does not hold them
(bench/memory.py)."""

from __future__ import annotations

import asyncio
import io

from PIL import Image, ImageDraw, ImageOps

from domain.documents import InvoiceDocument, ServiceReport

_SIDE_BY_SIDE_HEIGHT = 720  # px


class PdfDocuments:
    """The DocumentMaker port."""

    async def service_report(self, report: ServiceReport) -> bytes:
        return await asyncio.to_thread(_report, report)

    async def invoice(self, document: InvoiceDocument) -> bytes:
        return await asyncio.to_thread(_invoice, document)

    async def side_by_side(self, before: bytes, after: bytes) -> bytes:
        return await asyncio.to_thread(_side_by_side, before, after)


def _report(report: ServiceReport) -> bytes:
    from bot.files.report_pdf import report_pdf  # on first use (see above)

    return report_pdf(report)


def _invoice(document: InvoiceDocument) -> bytes:
    from bot.files.invoice_pdf import invoice_pdf  # on first use (see above)

    return invoice_pdf(document)


def _side_by_side(before: bytes, after: bytes) -> bytes:
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
