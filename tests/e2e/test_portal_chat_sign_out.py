"""Signing out everywhere reaches the web chat's own browser, on both databases: that chat
no longer signs its browser in nor hands out a sign-in link; once the browser signs in again
with a code sent by SMS to the proven number, the chat works as before."""

from __future__ import annotations

import aiohttp

from tests.support.portal import PortalVisitor, code_in, form_csrf, link_in
from tests.support.twilio_service import THANDI, Start
from tests.support.web_service import WebChat

PLAIN = "http://burbgigz.test"  # http, so the test's browser keeps the cookies


async def test_signing_out_everywhere_signs_out_the_web_chat_until_a_code(start: Start) -> None:
    service = await start(public_base_url=PLAIN)
    service.twilio.public_base_url = PLAIN
    url = str(service.client.make_url("")).rstrip("/")
    async with aiohttp.ClientSession(url, cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        assert (await browser.get("/")).status == 200
        chat = await WebChat(browser, url).open()
        try:
            await chat.books_until_the_number("Printer offline")
            await chat.says("082 123 4567")
            [sms] = await service.twilio.wait_for(1, to=THANDI)
            await chat.says(code_in(sms.body))
            await chat.says("1", expect="Booked!")
            linked = await chat.says("open my portal")
            assert "/portal/link/" in link_in(linked["text"])

            by_chat = await browser.get("/portal/sessions")
            assert by_chat.url.path == "/portal/sessions"  # signed in by its chat
            ended = await browser.post(
                "/portal/sessions/end-all",
                data={"csrf": form_csrf(await by_chat.text())},
                headers={"Origin": url},
                allow_redirects=False,
            )
            assert ended.status == 303

            refused = await chat.says("open my portal")
            assert refused["text"].startswith("This chat was signed out of your portal.")
            assert "/portal/link/" not in refused["text"]
            sign_in = await browser.get("/portal/sign-in", allow_redirects=False)
            assert sign_in.status == 200  # the chat no longer signs the browser in

            visitor = PortalVisitor(browser, url)
            before = len(service.twilio.messages_to(THANDI))
            await visitor.ask_code("082 123 4567")
            [code] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
            assert (await visitor.enter_code(THANDI, code_in(code.body))).status == 303
            again = await chat.says("open my portal")
            assert again["text"].startswith("Here's your portal")
        finally:
            await chat.close()
