"""The service report as a PDF: the job, the work done, the notes the customer may read, and
the photos, two to a row, each scaled to fit its box whatever its shape, on as many pages as
they need."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from fpdf import FPDF
from PIL import Image, ImageOps

from bot.files.pdf_page import FONT, LINE, day, pairs, printable, section, started
from domain.documents import Photo, ServiceReport, hours_and_minutes
from domain.phones import readable_phone

log = logging.getLogger(__name__)

_BOX = (85.0, 105.0)  # mm: two photos side by side, two rows to a page
_GAP = 10.0  # mm between photos
_PIXELS = 1200  # longest side kept: about 300 dpi in the box, and the PDF stays small
_QUALITY = 80


@dataclass(frozen=True, slots=True)
class _Ready:
    """A photo made ready for the page: upright, small enough, a JPEG (embedded as it is)."""

    label: str
    jpeg: bytes
    width: int  # px
    height: int


def report_pdf(report: ServiceReport) -> bytes:
    pictures = [ready for photo in report.photos if (ready := _ready(photo))]
    with started(report.business, "Service report", report.made_on) as pdf:
        pairs(
            pdf,
            [
                ("Job", report.reference),
                ("Date", day(report.made_on)),
                ("Customer", f"{report.customer_name}  {readable_phone(report.customer_phone)}"),
                ("Service", report.service_name),
                ("Time spent", hours_and_minutes(report.time_spent)),
            ],
        )
        section(pdf, "The problem", report.problem)
        section(pdf, "Work done", report.work_done or "See the notes below.")
        if report.visible_notes:
            section(pdf, "Notes", "\n".join(f"- {note}" for note in report.visible_notes))
        pdf.ln(4)
        for first in range(0, len(pictures), 2):
            _row(pdf, pictures[first : first + 2])
        return bytes(pdf.output())


def _ready(photo: Photo) -> _Ready | None:
    """None (logged) when the photo cannot be read: one bad photo must not stop the report."""
    try:
        with Image.open(io.BytesIO(photo.data)) as opened:
            opened.draft("RGB", (_PIXELS, _PIXELS))  # a JPEG decodes straight at a smaller size
            picture = ImageOps.exif_transpose(opened).convert("RGB")
        picture.thumbnail((_PIXELS, _PIXELS))
        jpeg = io.BytesIO()
        picture.save(jpeg, "JPEG", quality=_QUALITY)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the file
        log.warning("A %s photo cannot be read; the report goes without it: %s", photo.label, exc)
        return None
    return _Ready(photo.label, jpeg.getvalue(), picture.width, picture.height)


def _row(pdf: FPDF, pictures: list[_Ready]) -> None:
    sizes = [_fitted(picture) for picture in pictures]
    height = LINE + max(h for _, h in sizes)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    for index, (picture, (w, h)) in enumerate(zip(pictures, sizes, strict=True)):
        x = pdf.l_margin + index * (_BOX[0] + _GAP)
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(_BOX[0], LINE, printable(picture.label))
        pdf.image(io.BytesIO(picture.jpeg), x=x, y=top + LINE, w=w, h=h)
    pdf.set_xy(pdf.l_margin, top + height + 4)


def _fitted(picture: _Ready) -> tuple[float, float]:
    """The photo's size in mm, as large as fits the box, its shape kept."""
    scale = min(_BOX[0] / picture.width, _BOX[1] / picture.height)
    return picture.width * scale, picture.height * scale
