"""The booking confirmation carries the job's live status link on every channel; on SMS it
still fits two segments, even with a long street address."""

from __future__ import annotations

from yarl import URL

from tests.stubs.twilio_phone import num_segments
from tests.support.twilio_service import THANDI, Service
from tests.support.web_service import LINK

LONG_ADDRESS = "Unit 14B, The Willows Estate, 123 Long Winding Avenue by the Old Park Gate"


async def test_an_sms_confirmation_carries_a_working_status_link_within_two_segments(
    service: Service,
) -> None:
    await service.texts(THANDI, "book")
    await service.texts(THANDI, "My laptop is slow and full of pop-ups")
    await service.texts(THANDI, "Virus and malware removal")
    await service.texts(THANDI, "At my place")
    await service.texts(THANDI, "Sydenham")
    await service.texts(THANDI, LONG_ADDRESS)
    asked = await service.texts(THANDI, "1")  # the first free time
    if asked.body.startswith("What name"):
        await service.texts(THANDI, "Thandi")
    booked = await service.texts(THANDI, "yes")
    assert booked.body.startswith("Booked! BG-1001"), booked.body
    assert num_segments(booked.body, "sms") <= 2, booked.body
    link = LINK.search(booked.body)
    assert link, booked.body
    page = await service.client.get(URL(link.group(1)).path)
    assert page.status == 200
    html = await page.text()
    assert "BG-1001" in html and "scheduled" in html
