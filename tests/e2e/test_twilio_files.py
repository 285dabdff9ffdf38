"""Files to SMS and WhatsApp customers: a signed, expiring link on SMS; media that Twilio
fetches from the same kind of link on WhatsApp."""

from __future__ import annotations

import re

from yarl import URL

from bot.keys import FILES, SESSIONS
from bot.wiring import DELIVERER
from domain.customers import Channel
from domain.messages import Attachment, Outbound
from storage.unit_of_work import SqlUnitOfWork
from tests.e2e.twilio_service import THANDI, WA_THANDI, Service
from tests.support.clock import MovableClock

REPORT = Attachment("jobs/1/report.pdf", "application/pdf", "report.pdf", "Your service report")
PDF = b"%PDF-1.4 the report"


async def send_report(service: Service, channel: Channel, clock: MovableClock) -> None:
    """A notification carrying a file, committed to the outbox as any handler's would be."""
    app = service.client.app
    await app[FILES].put(REPORT.ref, PDF, REPORT.content_type)
    async with SqlUnitOfWork(app[SESSIONS]) as uow:
        message = Outbound(channel, THANDI, "Thanks for choosing BurbGigz!", attachments=(REPORT,))
        items = await app[DELIVERER].enqueue(uow, [message], clock.now())
        await uow.commit()
    app[DELIVERER].submit(items)


async def test_an_sms_customer_gets_a_working_link_that_expires(
    service: Service, clock: MovableClock
) -> None:
    await send_report(service, Channel.SMS, clock)
    [link_text, words] = await service.twilio.wait_for(2, to=THANDI)
    assert words.body == "Thanks for choosing BurbGigz!"
    match = re.fullmatch(r"Your service report: (https://burbgigz\.test/f/\S+)", link_text.body)
    assert match is not None, link_text.body
    path = URL(match.group(1)).path

    opened = await service.client.get(path)
    assert opened.status == 200 and await opened.read() == PDF
    assert opened.headers["Content-Type"] == "application/pdf"
    assert opened.headers["X-Content-Type-Options"] == "nosniff"

    altered = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
    assert (await service.client.get(altered)).status == 404
    payload_swapped = path.replace(path.split("/")[-1].split(".")[0], "eyJrIjoieCJ9")
    assert (await service.client.get(payload_swapped)).status == 404

    clock.advance(days=8)
    expired = await service.client.get(path)
    assert expired.status == 403 and "expired" in await expired.text()


async def test_a_whatsapp_customer_gets_the_file_itself(
    service: Service, clock: MovableClock
) -> None:
    await service.texts(THANDI, "hi", channel="whatsapp")  # inside the 24-hour window
    await send_report(service, Channel.WHATSAPP, clock)
    [_, media, words] = await service.twilio.wait_for(3, to=WA_THANDI)
    assert media.body == "Your service report" and len(media.media_urls) == 1
    await service.twilio.settled()
    [fetched] = media.fetched_media
    assert (fetched.data, fetched.content_type) == (PDF, "application/pdf")
    assert media.status == "delivered"
    assert words.body == "Thanks for choosing BurbGigz!"
