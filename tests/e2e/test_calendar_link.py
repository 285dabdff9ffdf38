"""The calendar file offered in chat with a booking: the visit at its local time behind the
job's status link, a cancellation once the booking is called off, and nothing once the
technician revokes the link."""

from __future__ import annotations

import re

from icalendar import Calendar
from yarl import URL

from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons
from tests.support.twilio_service import Service

CALENDAR_LINK = re.compile(r"Add it to your calendar: (\S+/calendar\.ics)")


async def calendar_link(service: Service) -> str:
    await book_with_buttons(service.client, CUSTOMER_CHAT, "0821112222")
    await service.technician_sees("New booking BG-1001")
    await service.settled()
    booked = [
        str(m["text"])
        for m in service.telegram.messages_to(CUSTOMER_CHAT)
        if str(m.get("text", "")).startswith("Booked! BG-1001")
    ]
    [found] = [CALENDAR_LINK.search(text) for text in booked]
    assert found is not None, booked
    return URL(found.group(1)).path


async def test_the_calendar_link_serves_the_visit_until_it_is_revoked(service: Service) -> None:
    path = await calendar_link(service)

    served = await service.client.get(path)

    assert served.status == 200 and served.content_type == "text/calendar"
    assert served.headers["Content-Disposition"] == 'attachment; filename="BG-1001.ics"'
    calendar = Calendar.from_ical(await served.read())
    [event] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "REQUEST" and event["UID"] == "BG-1001@burbgigz.test"
    assert str(event["DTSTART"].params["TZID"]) == "Africa/Johannesburg"
    assert f"{event.decoded('DTSTART'):%H:%M}" == "12:00"  # the first free time, as in chat

    await service.technician_says("/revoke BG-1001")
    await service.technician_sees("BG-1001")
    await service.settled()

    assert (await service.client.get(path)).status == 404
