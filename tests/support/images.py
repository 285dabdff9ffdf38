"""Small real pictures and documents, made on the spot, for the file tests."""

from __future__ import annotations

import io

from PIL import Image

# EXIF tags: Orientation, and the GPS IFD pointer with latitude/longitude under it.
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def picture(
    image_format: str = "JPEG", size: tuple[int, int] = (64, 48), color: str = "teal"
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, image_format)
    return out.getvalue()


def photo_with_gps(size: tuple[int, int] = (64, 48), orientation: int = 6) -> bytes:
    """A JPEG as a phone takes it: GPS position in its EXIF, turned by the Orientation tag."""
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update(
        {1: "S", 2: (26.0, 9.0, 36.0), 3: "E", 4: (28.0, 7.0, 12.0)}  # Lombardy East
    )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def decompression_bomb() -> bytes:
    """A few kilobytes of PNG that would decode to 200 million pixels."""
    out = io.BytesIO()
    Image.new("1", (20_000, 10_000)).save(out, "PNG")
    return out.getvalue()


def picture_for(ref: str) -> bytes:
    """A picture in the format the reference's name suggests (PNG when it names none)."""
    return picture("JPEG" if ref.lower().endswith((".jpg", ".jpeg")) else "PNG")


def noisy_photo(size: tuple[int, int]) -> bytes:
    """A JPEG that compresses badly, so a large picture is megabytes, as a phone's is."""
    out = io.BytesIO()
    Image.effect_noise(size, 120).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


def shape(data: bytes) -> tuple[str | None, tuple[int, int]]:
    """A picture's format and size, to recognise it after it was cleaned and re-encoded."""
    with Image.open(io.BytesIO(data)) as image:
        return image.format, image.size
