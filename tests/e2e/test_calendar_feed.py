"""The technician's private calendar feed: /calendar in the console gives a link whose ICS
lists the week's visits at their local time, with no more of the customer than needed, and a
link stopped with /calendarrenew answers 404."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.support.web_service import WebChat, WebService

SAST = ZoneInfo("Africa/Johannesburg")
FEED = re.compile(r"(https?://\S+/calendar/\S+\.ics)")


async def test_the_feed_lists_the_visits_and_a_stopped_link_is_gone(web: WebService) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, _ = await chat.book()
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        given = await console.says("/calendar", expect="calendar feed")
        found = FEED.search(given["text"])
        assert found, given["text"]
        link = found.group(1)

        feed = await customer.get(link)
        assert feed.status == 200
        assert feed.content_type == "text/calendar"
        calendar = Calendar.from_ical(await feed.read())

        again = await console.says("/calendar", expect="can't show it again")
        assert link not in again["text"]
        renewed = await console.says("/calendarrenew", expect="new calendar feed")
        assert "old link no longer works" in renewed["text"]
        gone = await customer.get(link)
        await chat.close()
        await console.close()

    [visit] = calendar.walk("VEVENT")
    # The first free remote time on Tue 24 Nov at 10:00 with two hours' notice: 12:00 local.
    assert visit.decoded("dtstart") == datetime(2026, 11, 24, 12, tzinfo=SAST)
    assert visit["dtstart"].params["TZID"] == "Africa/Johannesburg"
    assert str(visit["summary"]).startswith(f"{reference} ")
    assert str(visit["summary"]).endswith(" - Thandi")
    assert str(visit["location"]) == "Remote"
    assert "My laptop" not in visit.to_ical().decode()  # the problem stays private
    assert gone.status == 404
