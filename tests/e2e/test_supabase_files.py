"""The whole app with FILES_BACKEND=supabase, pointed at the Storage stand-in: customers' files
land in the bucket, and the links customers get are Supabase's own signed URLs."""

from __future__ import annotations

import io
from pathlib import Path

import aiohttp
from PIL import Image

from domain.customers import Channel
from tests.stubs.supabase_storage import FakeStorage
from tests.support.clock import MovableClock
from tests.support.images import GPS_IFD, photo_with_gps, shape
from tests.support.twilio_service import PDF, REPORT, THANDI, Start, send_report

KEY = "service-role-key-for-tests"


async def test_a_customers_photo_lands_in_the_bucket_cleaned(start: Start, tmp_path: Path) -> None:
    async with FakeStorage(key=KEY) as storage:
        service = await start(
            files_backend="supabase", supabase_url=storage.url, supabase_service_role_key=KEY
        )
        await service.twilio.send_inbound(THANDI, "", media=[(photo_with_gps(), "image/jpeg")])
        [shown] = await service.telegram.wait_for("sendPhoto")

        stored = storage.objects()
        [photo_key] = [k for k in stored if k.startswith("inbound/") and ".thumb." not in k]
        photo = stored[photo_key]
        assert photo.content_type == "image/jpeg" and photo.data == shown["photo"].data
        with Image.open(io.BytesIO(photo.data)) as image:
            assert not image.getexif().get_ifd(GPS_IFD)
        assert shape(stored[photo_key.replace(".jpg", ".thumb.jpg")].data)[0] == "JPEG"
        assert not (tmp_path / "files").exists()  # nothing on the local disk


async def test_an_sms_customer_gets_a_supabase_signed_link_that_opens(
    start: Start, clock: MovableClock
) -> None:
    async with FakeStorage(key=KEY) as storage:
        service = await start(
            files_backend="supabase", supabase_url=storage.url, supabase_service_role_key=KEY
        )
        await send_report(service, Channel.SMS, clock)
        [sms] = await service.twilio.wait_for(lambda m: m.to == THANDI and REPORT.caption in m.body)
        url = sms.body.rsplit(": ", 1)[1]
        assert url.startswith(f"{storage.url}/storage/v1/object/sign/burbgigz/{REPORT.ref}?token=")
        async with aiohttp.ClientSession() as http, http.get(url) as response:
            assert response.status == 200 and await response.read() == PDF
