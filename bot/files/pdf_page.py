"""What every PDF of ours shares: the font, the letterhead (logo, name, address, VAT number),
the title block, labelled pairs and sections.

The font is DejaVu Sans as matplotlib ships it (a dependency already; never a font of the
machine's), so names in most scripts print as written. A letter the font has no glyph for
becomes "?", rather than an empty box or nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont
from PIL import Image

from domain.business import BusinessInfo
from domain.phones import readable_phone

log = logging.getLogger(__name__)

FONT = "DejaVu"
LINE = 6  # mm
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
_REGULAR, _BOLD = _FONTS / "DejaVuSans.ttf", _FONTS / "DejaVuSans-Bold.ttf"
_LOGO_BOX = (40.0, 22.0)  # mm, at the top right
_LOGO_PIXELS = 800  # a logo is scaled down to this, so a huge file does not bloat the PDF


@cache
def _printable_letters() -> frozenset[int]:
    """The code points both our fonts have a glyph for."""
    with _fonts_open() as pdf:
        regular, bold = (
            frozenset(font.cmap) for font in pdf.fonts.values() if isinstance(font, TTFFont)
        )
    return regular & bold


def printable(text: str) -> str:
    letters = _printable_letters()
    return "".join(c if ord(c) in letters or c in "\n\t" else "?" for c in text)


@contextmanager
def _fonts_open() -> Iterator[FPDF]:
    """An A4 document with our fonts, whose font files are closed when it is done."""
    pdf = FPDF(format="A4")
    try:
        pdf.add_font(FONT, "", _REGULAR)
        pdf.add_font(FONT, "B", _BOLD)
        yield pdf
    finally:
        for font in pdf.fonts.values():
            if isinstance(font, TTFFont):
                font.close()


@contextmanager
def started(business: BusinessInfo, title: str, dated: datetime) -> Iterator[FPDF]:
    """A new document with the letterhead and the title block."""
    with _fonts_open() as pdf:
        _letterhead(pdf, business, title, dated)
        yield pdf


def _letterhead(pdf: FPDF, business: BusinessInfo, title: str, dated: datetime) -> None:
    pdf.set_title(printable(f"{business.name} {title}"))
    pdf.set_author(printable(business.name))
    pdf.set_creation_date(dated)
    pdf.add_page()
    text_width = pdf.epw - (_LOGO_BOX[0] + 5 if _logo(pdf, business.logo) else 0)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(text_width, 8, printable(business.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    lines = [business.address, readable_phone(business.phone), business.email]
    lines += [business.website or ""]
    if business.vat_number:
        lines.append(f"VAT number: {business.vat_number}")
    for line in filter(None, lines):
        pdf.cell(text_width, 4.5, printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(pdf.get_y(), pdf.t_margin + _LOGO_BOX[1]) + 4)
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 9, printable(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)


def _logo(pdf: FPDF, path: str | None) -> bool:
    """The business's logo at the top right; a file that cannot be read is left out (and
    logged), never the reason a document cannot be made."""
    if path is None:
        return False
    x, (w, h) = pdf.w - pdf.r_margin - _LOGO_BOX[0], _LOGO_BOX
    try:
        if path.lower().endswith(".svg"):
            pdf.image(path, x=x, y=pdf.t_margin, w=w, h=h, keep_aspect_ratio=True)
            return True
        with Image.open(path) as opened:
            opened.load()
            picture = opened.convert("RGBA")
        picture.thumbnail((_LOGO_PIXELS, _LOGO_PIXELS))
        pdf.image(picture, x=x, y=pdf.t_margin, w=w, h=h, keep_aspect_ratio=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable picture: print without it
        log.warning("The logo %s cannot be printed, so the documents go without it: %s", path, exc)
        return False
    return True


def pairs(pdf: FPDF, rows: list[tuple[str, str]], *, label_width: float = 35) -> None:
    for label, value in rows:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(label_width, LINE, printable(label))
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, LINE, printable(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def section(pdf: FPDF, heading: str, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, LINE + 1, printable(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 5, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"
