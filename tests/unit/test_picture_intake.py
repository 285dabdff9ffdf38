"""Pictures as phones, scanners and odd tools make them: each kept sensibly or refused with
the right reason, without changing anything for the rest of the process."""

from __future__ import annotations

import io
import struct
import threading
import warnings
import zlib

import pytest
from PIL import Image, ImageOps

from bot.intake.file_intake import FileRefused, accept_file


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size; no pixel data follows."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def saved(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 6000), (10_000, 10_000), (100_000, 100_000)],
    ids=["48-megapixels", "in-pillows-warning-range", "far-over"],
)
def test_a_picture_over_the_pixel_limit_is_refused_as_too_large(width: int, height: int) -> None:
    with pytest.raises(FileRefused) as refused:
        accept_file(png_header_only(width, height), "image/png", "scan.png")
    assert refused.value.reason == "is too large a picture for me to open"


def test_intake_leaves_the_process_warning_filters_alone_while_it_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Intake runs in worker threads; warning filters are process-wide, so setting them there
    would change them for every other thread at that moment."""
    inside, carry_on = threading.Event(), threading.Event()
    transpose = ImageOps.exif_transpose

    def paused(image: Image.Image) -> Image.Image:
        inside.set()
        carry_on.wait(5)
        return transpose(image)

    monkeypatch.setattr(ImageOps, "exif_transpose", paused)
    worker = threading.Thread(
        target=accept_file, args=(saved(Image.new("RGB", (8, 8)), "PNG"), "image/png", "a.png")
    )
    before = list(warnings.filters)
    worker.start()
    try:
        assert inside.wait(5)
        assert warnings.filters == before
    finally:
        carry_on.set()
        worker.join()


def test_sixteen_bit_grey_is_kept_grey_not_white() -> None:
    grey = Image.new("I;16", (40, 30))
    grey.putdata([40_000] * (40 * 30))  # about 61 % grey
    kept = accept_file(saved(grey, "PNG"), "image/png", "scan.png")
    assert kept.thumbnail is not None
    for data in (kept.data, kept.thumbnail):
        with Image.open(io.BytesIO(data)) as image:
            assert 150 <= image.convert("L").getpixel((0, 0)) <= 160  # type: ignore[operator]


@pytest.mark.parametrize(
    ("image", "image_format", "options", "kept_as"),
    [
        (Image.new("CMYK", (50, 40), (0, 100, 200, 0)), "JPEG", {}, "image/jpeg"),
        (Image.new("LA", (50, 40), (100, 50)), "PNG", {}, "image/png"),
        (Image.new("P", (50, 40)), "PNG", {"transparency": 0}, "image/png"),
        (
            Image.new("RGB", (30, 30), "red"),
            "WEBP",
            {"save_all": True, "append_images": [Image.new("RGB", (30, 30), "blue")]},
            "image/jpeg",
        ),
        (
            Image.new("RGB", (30, 30), "red"),
            "PNG",
            {"save_all": True, "append_images": [Image.new("RGB", (30, 30), "blue")]},
            "image/png",
        ),
    ],
    ids=["cmyk-jpeg", "grey-with-alpha", "palette-with-transparency", "animated-webp", "apng"],
)
def test_other_colour_modes_and_animations_are_kept_as_a_still_picture(
    image: Image.Image, image_format: str, options: dict[str, object], kept_as: str
) -> None:
    kept = accept_file(saved(image, image_format, **options), "image/*", "picture")
    assert kept.content_type == kept_as and kept.thumbnail is not None
    with Image.open(io.BytesIO(kept.data)) as stored:
        assert stored.size == image.size and getattr(stored, "n_frames", 1) == 1
        assert not stored.getexif()
