"""What we accept from customers and the technician, judged by content, not by name.

Photos and screenshots (JPEG, PNG, WebP) are decoded within a pixel limit, turned upright,
stripped of EXIF (GPS included) by re-encoding, downscaled, and given a thumbnail. PDFs and text
logs are kept as they are, within a size limit. Anything else is refused with a reason a
customer can read."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import (
    Image,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    UnidentifiedImageError,
    WebPImagePlugin,
)

MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes to ~120 MB: enough for any phone
MAX_EDGE = 2560  # sharp on any screen, small enough for every channel
THUMBNAIL_EDGE = 320
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024  # under WhatsApp's 16 MB for documents
JPEG_QUALITY = 85

_IMAGE_MAGIC = {
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}
# Pillow's header readers, to learn a picture's size before Image.open, whose own bomb check
# only warns below twice its limit. Our limit is under Pillow's, so that check never fires, and
# neither a global Pillow setting nor the process-wide warning filters need changing.
_HEADERS: dict[str, type[ImageFile.ImageFile]] = {
    "JPEG": JpegImagePlugin.JpegImageFile,
    "PNG": PngImagePlugin.PngImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}
_CLAIMS_IMAGE = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp")


class FileRefused(ValueError):
    """Not kept; `reason` finishes the sentence "Sorry, <file> …"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Accepted:
    data: bytes
    content_type: str
    extension: str  # ".jpg", ".png", ".pdf", ".txt"
    thumbnail: bytes | None = None  # JPEG, for images


def accept_file(data: bytes, declared_type: str, filename: str) -> Accepted:
    """The file as we keep it. Raises FileRefused. CPU-bound: run it in a thread."""
    if not data:
        raise FileRefused("is empty")
    image_format = _image_format(data)
    if image_format is not None:
        return _accept_image(data, image_format)
    if _claims_image(declared_type, filename):
        raise FileRefused("is not a picture I can open (JPEG, PNG or WebP, please)")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FileRefused("is too large for me to receive")
    if data.startswith(b"%PDF-"):
        return Accepted(data, "application/pdf", ".pdf")
    if _is_text(data):
        return Accepted(data, "text/plain; charset=utf-8", ".txt")
    raise FileRefused(
        "is a kind of file I can't take: photos, screenshots, PDFs and text logs are fine"
    )


def _image_format(data: bytes) -> str | None:
    for magic, name in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _claims_image(declared_type: str, filename: str) -> bool:
    return declared_type.lower().startswith("image/") or filename.lower().endswith(_CLAIMS_IMAGE)


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _accept_image(data: bytes, image_format: str) -> Accepted:
    try:
        with _HEADERS[image_format](io.BytesIO(data)) as header:
            too_large = header.width * header.height > MAX_PIXELS
        if too_large:
            raise FileRefused("is too large a picture for me to open")
        with Image.open(io.BytesIO(data), formats=[image_format]) as opened:
            opened.load()  # decodes everything: truncated or corrupt data fails here
            upright = _eight_bit(ImageOps.exif_transpose(opened))
    except Image.DecompressionBombError:  # Pillow's limit set lower elsewhere
        raise FileRefused("is too large a picture for me to open") from None
    except FileRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise FileRefused("is not a picture I can open (it looks damaged)") from None
    upright.thumbnail((MAX_EDGE, MAX_EDGE))
    keep_png = image_format == "PNG" or _has_alpha(upright)
    # Saved without `exif=`: the EXIF block, GPS position included, is not written.
    if keep_png:
        kept = _encode(upright, "PNG")
        content_type, extension = "image/png", ".png"
    else:
        kept = _encode(upright.convert("RGB"), "JPEG")
        content_type, extension = "image/jpeg", ".jpg"
    small = _flatten(upright)
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    return Accepted(kept, content_type, extension, _encode(small, "JPEG"))


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale scaled to 8 bits: converted as it is, every value over 255 turns white."""
    if image.mode.startswith("I"):
        return image.point(lambda value: value * (1 / 256)).convert("L")
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _flatten(image: Image.Image) -> Image.Image:
    """On white, for JPEG, which has no transparency."""
    if not _has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    white = Image.new("RGB", rgba.size, "white")
    white.paste(rgba, mask=rgba.getchannel("A"))
    return white


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()
