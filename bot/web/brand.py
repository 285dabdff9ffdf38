"""The pages' look from the business file: GET /brand.css (its colours), GET /brand/logo and
GET /favicon.ico (its logo, or the bundled one). Served as files, so the pages keep their
strict content policy (no inline styles)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.keys import BUSINESS
from domain.business import BusinessInfo

DEFAULT_LOGO = Path(__file__).parent / "static" / "logo.svg"
INK, WHITE = "#1b1f23", "#ffffff"
CACHE = {"Cache-Control": "public, max-age=3600"}


async def brand_css(request: web.Request) -> web.Response:
    info = request.app[BUSINESS].business
    on_colour = readable_on(info.colour)
    # Where white reads on the colour, the colour reads on white: links, outlined buttons.
    as_text = info.colour if on_colour == WHITE else INK
    css = (
        f":root {{ --accent: {info.colour}; --on-accent: {on_colour}; "
        f"--accent-text: {as_text}; --mine: {info.light_colour}; }}\n"
    )
    return web.Response(text=css, content_type="text/css", headers=CACHE)


async def logo(request: web.Request) -> web.FileResponse:
    return web.FileResponse(logo_path(request.app[BUSINESS].business), headers=CACHE)


def logo_path(info: BusinessInfo) -> Path:
    return Path(info.logo) if info.logo else DEFAULT_LOGO


def readable_on(colour: str) -> str:
    """Ink or white, whichever reads better on `colour` (its relative luminance, WCAG)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return WHITE if luminance < 0.179 else INK
