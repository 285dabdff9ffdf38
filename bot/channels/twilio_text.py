"""Text as SMS and WhatsApp carry it: numbered options, GSM-7 spelling, segment budgets."""

from __future__ import annotations

import re
import unicodedata

from bot.channels.base import split_text
from domain.messages import Option

# The GSM 03.38 alphabet: text made only of these goes 160 characters to a segment; one other
# character turns the whole message into UCS-2 at 70.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€")  # two septets each
_LOOKALIKES = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
    "…": "...", "•": "-", "·": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
}  # fmt: skip
_SYMBOL_CATEGORIES = frozenset({"So", "Sk", "Cf", "Cs", "Co", "Mn", "Me"})
TWO_SEGMENTS = 2
# A WhatsApp template message holds 1,024 characters in all. WhatsApp texts are cut to pieces
# that fit one template variable, leaving the template's own words and the name the rest.
WHATSAPP_PIECE = 900
TEMPLATE_VARIABLE_MAX = WHATSAPP_PIECE


def with_numbered_options(text: str, options: tuple[Option, ...]) -> str:
    """Options as SMS and WhatsApp show them: a numbered list to answer by number or words."""
    if not options:
        return text
    lines = "\n".join(f"{number}. {option.label}" for number, option in enumerate(options, 1))
    answers = f"1-{len(options)}" if len(options) > 1 else "1"
    return f"{text}\n{lines}\nReply {answers}."


def to_gsm7(text: str) -> str:
    """The text spelt in the GSM-7 alphabet where it can be: curly quotes and dashes made
    plain, accents dropped where GSM-7 lacks them, emoji left out. A letter with no GSM-7
    spelling (a name in another script) is kept: the message then goes as UCS-2."""
    spelt: list[str] = []
    for char in text:
        if char in GSM7 or char in GSM7_EXTENDED:
            spelt.append(char)
        elif char in _LOOKALIKES:
            spelt.append(_LOOKALIKES[char])
        elif _is_gsm7(plain := _without_accents(char)) and plain:
            spelt.append(plain)
        elif unicodedata.category(char) not in _SYMBOL_CATEGORIES:
            spelt.append(char)
    return re.sub(r"[ ]{2,}", " ", "".join(spelt)).strip()


def split_sms(text: str) -> list[str]:
    """Pieces of at most two segments each, cut at line ends or spaces. A line holding a word
    longer than that (a signed link) is sent whole, in more segments: a cut link is no link."""
    if _is_gsm7(text):
        budget = max(TWO_SEGMENTS * 153 - sum(char in GSM7_EXTENDED for char in text), 153)
    else:
        budget = TWO_SEGMENTS * 67
    pieces: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        if any(len(word) > budget for word in line.split()):
            if lines:
                pieces += split_text("\n".join(lines), budget)
                lines = []
            pieces.append(line.strip())
        else:
            lines.append(line)
    if lines or not pieces:
        pieces += split_text("\n".join(lines), budget)
    return [piece for piece in pieces if piece] or [""]


def template_variable(text: str) -> str:
    """Text fit for a WhatsApp template variable: one line (no tabs, newlines or runs of
    spaces, which WhatsApp refuses), within the length a piece has."""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    flat = re.sub(r"\s+", " ", flat)
    if len(flat) > TEMPLATE_VARIABLE_MAX:
        flat = flat[: TEMPLATE_VARIABLE_MAX - 3].rstrip() + "..."
    return flat


def _is_gsm7(text: str) -> bool:
    return all(char in GSM7 or char in GSM7_EXTENDED for char in text)


def _without_accents(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part))
