"""A customer who booked on Telegram, in the portal over HTTP on SQLite and Postgres: the report
the technician sends from Telegram is theirs to download; a late move asks the technician's
Telegram chat; a visit booked in the portal reaches it as a new booking; the portal's chat
shows the Telegram conversation first and passes a message on to the technician."""

from __future__ import annotations

import re
from datetime import timedelta

import aiohttp
from yarl import URL

from bot.web.portal.session_cookie import COOKIE
from domain.customers import Channel
from tests.stubs.telegram_updates import callback_update, message_update
from tests.support.clock import MovableClock
from tests.support.portal import PortalVisitor, customer_id_of
from tests.support.portal_pages import (
    PortalCustomer,
    portal_link_in_telegram,
    relayed,
    report_sent,
    technician_says,
    told_technician,
)
from tests.support.telegram_service import (
    ADMIN_CHAT,
    CUSTOMER_CHAT,
    book_with_buttons,
    service_settled,
)
from tests.support.twilio_service import Service
from tests.support.web_service import WebChat

SLOT = re.compile(r'name="start" value="([^"]+)"')


async def test_report_changes_booking_and_chat_for_a_telegram_customer(
    service: Service, clock: MovableClock
) -> None:
    app, base = service.client.app, str(service.client.make_url("")).rstrip("/")
    await book_with_buttons(service.client, CUSTOMER_CHAT, "+27821234567")
    await service_settled(app)
    customer = await customer_id_of(app, Channel.TELEGRAM, str(CUSTOMER_CHAT))
    async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as portal:
        link = await portal_link_in_telegram(service, CUSTOMER_CHAT)
        assert (await portal.get(link)).status == 200  # opening it is not yet signing in
        assert (await portal.get("/portal", allow_redirects=False)).status == 303
        tapped = await PortalVisitor(portal, base).spend(link)
        assert tapped.status == 303 and tapped.headers["Location"] == "/portal"
        # The cookie is Secure (PUBLIC_BASE_URL is https): this plain-http client is handed it.
        portal.cookie_jar.update_cookies({COOKIE: tapped.cookies[COOKIE].value}, URL(base))
        me = PortalCustomer(None, portal, "BG-1001", customer, base)

        assert "asked the technician" in await me.post(
            "/portal/jobs/BG-1001/move",
            start=SLOT.findall(await me.page("/portal/jobs/BG-1001/move"))[-1],
        )
        await service_settled(app)
        assert told_technician(service, "asks to move BG-1001")

        await technician_says(
            service,
            callback_update(ADMIN_CHAT, "status.BG-1001.on_the_way", message_id=810),
            message_update(ADMIN_CHAT, "20"),
        )
        await report_sent(service, "BG-1001")
        page = await me.page("/portal/jobs/BG-1001")
        assert "technician on the way" in page
        [report] = re.findall(r'href="([^"]+)" download>Service report', page)
        pdf = await portal.get(report.replace("&amp;", "&"))
        assert pdf.status == 200 and (await pdf.read()).startswith(b"%PDF")
        assert "service-report.pdf" in pdf.headers["Content-Disposition"]

        later = (clock.now() + timedelta(days=6)).date().isoformat()
        wanted = {"problem": "Printer", "service": "remote-support", "mode": "remote"}
        far = SLOT.findall(await me.post("/portal/book", wanted, step="times", day=later))
        assert "Booked: BG-1002" in await me.post("/portal/book", wanted, step="book", start=far[0])
        await service_settled(app)
        assert told_technician(service, "New booking BG-1002")
        assert "BG-1002 is now on" in await me.post("/portal/jobs/BG-1002/move", start=far[1])
        await service_settled(app)
        assert told_technician(service, "moved BG-1002")

        chat = await WebChat(portal, base, "/portal/chat/ws").open()
        await chat.sees("[Telegram] Laptop will not boot")
        await chat.send(text="Is the report final?")
        await relayed(service, "Is the report final?")
        await chat.close()
