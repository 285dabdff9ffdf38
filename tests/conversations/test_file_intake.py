"""Files customers and the technician send: cleaned, checked by content, stored whole or not
at all, and every refusal explained."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image

from bot.channels.base import MediaUnavailable
from bot.intake.media_intake import fetch_media
from domain.customers import Channel
from domain.messages import Attachment, Inbound
from domain.records import AttachmentKind
from storage.files import LocalFileStore
from tests.support.bookings import book_remote_support
from tests.support.images import GPS_IFD, decompression_bomb, photo_with_gps, picture
from tests.support.scene import FakeChannelFiles, Scene

NUMBER = "+27821234567"


def stored_files(root: Path) -> list[str]:
    """What the local file store holds (the test's SQLite database lives beside it)."""
    kept = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return sorted(str(p) for p in kept if not p.name.startswith("db.sqlite3"))


async def test_a_stored_photo_has_no_gps_and_stands_upright(scene: Scene) -> None:
    scene.channel_files.files["tg-photo"] = photo_with_gps(size=(64, 48), orientation=6)
    thandi = scene.person()
    photo = Attachment("tg-photo", "image/jpeg", "IMG_0042.jpg")
    [ack] = await thandi.send("the screen does this", media=(photo,))
    assert ack.text.startswith("Passed on to the technician")
    [relayed] = thandi.others
    [kept] = relayed.attachments
    data = (scene.files / kept.ref).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (48, 64)  # turned as the Orientation tag said
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
    assert b"Exif" not in data
    assert kept.size == len(data) and kept.filename == "IMG_0042.jpg"
    assert (scene.files / kept.ref.replace(".jpg", ".thumb.jpg")).is_file()


@pytest.mark.parametrize(
    ("data", "name", "why"),
    [
        (decompression_bomb(), "huge.png", "huge.png is too large a picture for me to open"),
        (b"just some words, not a photo", "holiday.jpg", "holiday.jpg is not a picture I can open"),
        (picture("JPEG", size=(400, 300))[:600], "cut.jpg", "cut.jpg is not a picture I can open"),
        (b"PK\x03\x04\x00\x00binary\x00zip", "backup.zip", "backup.zip is a kind of file I can't"),
    ],
    ids=["bomb", "text-named-jpg", "truncated-jpeg", "zip"],
)
async def test_a_file_we_cannot_take_is_refused_kindly_and_nothing_is_stored(
    scene: Scene, data: bytes, name: str, why: str
) -> None:
    scene.channel_files.files["bad"] = data
    thandi = scene.person()
    declared = "application/zip" if name.endswith(".zip") else "image/jpeg"
    [reply] = await thandi.send(media=(Attachment("bad", declared, name),))
    assert reply.text.startswith(f"Sorry, {why}")
    assert [o.label for o in reply.options][:1] == ["Book a service"]
    assert thandi.others == []
    assert stored_files(scene.files) == []


async def test_one_good_file_goes_on_and_the_refused_one_is_named(scene: Scene) -> None:
    scene.channel_files.files["fake"] = b"not really a picture"
    thandi = scene.person()
    good = Attachment("shot.png", "image/png", "shot.png")
    fake = Attachment("fake", "image/jpeg", "fake.jpg")
    refused, ack = await thandi.send("both of these", media=(good, fake))
    assert refused.text.split("\n\n")[0] == (
        "Sorry, fake.jpg is not a picture I can open (JPEG, PNG or WebP, please). "
        "The rest came through."
    )
    assert ack.text.startswith("Passed on to the technician")
    [relayed] = thandi.others
    assert [a.filename for a in relayed.attachments] == ["shot.png"]
    assert stored_files(scene.files) == [relayed.attachments[0].ref, "inbound/1/0-shot.thumb.jpg"]


async def test_pdfs_and_text_logs_are_taken_by_their_content(scene: Scene) -> None:
    scene.channel_files.files["a"] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    scene.channel_files.files["b"] = "2026-11-24 10:00 ERROR disk full\nretrying…\n".encode()
    thandi = scene.person()
    pdf = Attachment("a", "application/octet-stream", "invoice")
    log = Attachment("b", "application/octet-stream", "setup.log")
    await thandi.send(media=(pdf, log))
    [relayed] = thandi.others
    assert [(a.filename, a.content_type) for a in relayed.attachments] == [
        ("invoice.pdf", "application/pdf"),
        ("setup.txt", "text/plain; charset=utf-8"),
    ]


async def test_the_technicians_photo_is_cleaned_too(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(Channel.SMS, NUMBER, name=""), "Printer")
    scene.channel_files.files["tech-photo"] = photo_with_gps()
    technician = scene.technician()
    await technician.send(f"{reference} after", media=(Attachment("tech-photo", "image/jpeg"),))
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [kept] = await uow.records.files(job.id)
    data = (scene.files / kept.key).read_bytes()
    assert kept.kind is AttachmentKind.AFTER and kept.size == len(data)
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)


class BreaksOnSecondPut(LocalFileStore):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.puts = 0

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        self.puts += 1
        if self.puts == 2:
            raise ConnectionError("storage went away")
        await super().put(key, data, content_type)

    async def delete(self, keys: Sequence[str]) -> None:
        await super().delete(keys)


async def test_a_store_failing_half_way_leaves_nothing_and_is_tried_again(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    message = Inbound(
        Channel.TELEGRAM,
        "5551",
        "p-1",
        datetime.now(UTC),
        media=(
            Attachment("a.png", "image/png", "a.png"),
            Attachment("b.png", "image/png", "b.png"),
        ),
    )
    sources = {Channel.TELEGRAM: FakeChannelFiles()}
    with pytest.raises(MediaUnavailable):
        await fetch_media(message, 7, sources, BreaksOnSecondPut(tmp_path))
    assert stored_files(tmp_path) == []
