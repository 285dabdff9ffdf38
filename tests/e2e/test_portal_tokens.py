"""Tokens tried on the portal, on both databases: a session cookie that is not one of ours (altered,
another of our cookies passed off as it, a made-up session, one idle too long) signs no one in;
wrong codes from one client address are limited, then even the right code is refused there;
a sign-in link half an hour old no longer signs in, opened or tapped; sessions the technician
ends (/signout) are refused."""

from __future__ import annotations

import aiohttp

from bot.web.portal.session_cookie import COOKIE
from bot.web.site import WEB_SITE
from domain.customers import Channel
from tests.support.clock import MovableClock
from tests.support.portal import (
    PortalVisitor,
    a_customer,
    code_in,
    customer_id_of,
    link_in,
    portal_cookie,
)
from tests.support.twilio_service import THANDI, Service
from tests.support.web_service import WebChat, WebService


async def _her_page(web: WebService, cookie: str) -> int:
    """The status of /portal/sessions for a browser that presents `cookie` as the portal's."""
    async with aiohttp.ClientSession(web.url) as browser:
        answer = await browser.get(
            "/portal/sessions", headers={"Cookie": f"{COOKIE}={cookie}"}, allow_redirects=False
        )
        return answer.status


async def test_session_cookies_not_our_own_sign_no_one_in(
    web: WebService, clock: MovableClock
) -> None:
    app = web.server.app
    thandi = await a_customer(app, "Thandi Mokoena", "+27821234567")
    hers = await portal_cookie(app, thandi)
    assert await _her_page(web, hers) == 200
    async with web.browser_session() as chat_browser:
        await chat_browser.get("/")
        chat = await WebChat(chat_browser, web.url).open()
        await chat.says("hi")
        await chat.close()
        chat_cookie = next(c.value for c in chat_browser.cookie_jar if c.key != COOKIE)
    made_up = await app[WEB_SITE].signer.sign({"k": "portal", "t": "guessed"}, valid_seconds=60)
    for cookie in (
        hers[:-2] + ("AA" if not hers.endswith("AA") else "BB"),  # altered signature
        hers.rsplit(".", 1)[0],  # its claims without a signature
        chat_cookie,  # the web chat's own cookie, signed by us but of another kind
        made_up,  # signed, but no such session
        "",
    ):
        assert await _her_page(web, cookie) == 303, cookie
    clock.advance(days=31)  # unused for longer than a session lives
    assert await _her_page(web, hers) == 303


async def test_wrong_codes_from_one_address_are_limited_then_refused(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = PortalVisitor(service.client, str(service.client.make_url("")))
    before = len(service.twilio.messages_to(THANDI))
    assert (await visitor.ask_code(THANDI))[0] == 200
    [sms] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
    for guess in range(30):  # across many numbers, so no one code is spent by its own tries
        assert (await visitor.enter_code(f"+2782999{guess:04d}", "123456")).status == 401
    assert (await visitor.enter_code(THANDI, code_in(sms.body))).status == 401


async def test_a_link_half_an_hour_old_no_longer_signs_in(
    service: Service, clock: MovableClock
) -> None:
    await service.texts(THANDI, "hi")
    visitor = PortalVisitor(service.client, str(service.client.make_url("")))
    before = len(service.twilio.messages_to(THANDI))
    await visitor.ask_code(THANDI)
    [sms] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
    link = link_in(sms.body)
    clock.advance(minutes=30)
    assert (await service.client.get(link.split("burbgigz.test", 1)[1])).status == 410
    assert (await visitor.spend(link)).status == 410


async def test_sessions_the_technician_ends_are_refused(service: Service) -> None:
    await service.texts(THANDI, "hi")
    app = service.client.app
    thandi = await customer_id_of(app, Channel.SMS, THANDI)
    cookies = [await portal_cookie(app, thandi) for _ in range(2)]  # two browsers of hers

    async def status(cookie: str) -> int:
        headers = {"Cookie": f"{COOKIE}={cookie}"}
        answer = await service.client.get("/portal", headers=headers, allow_redirects=False)
        return answer.status

    assert [await status(c) for c in cookies] == [200, 200]
    await service.technician_says("/signout 082 123 4567")
    await service.technician_sees("Ended 2 portal session(s)")
    assert [await status(c) for c in cookies] == [303, 303]
