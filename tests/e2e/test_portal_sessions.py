"""The portal's sessions over HTTP, on both databases: a page asks a browser with no session
to sign in; the customer sees where they are signed in, ends one browser's session from
another (the first is signed out), and signs out everywhere; another customer's session
cannot be ended; a forged or foreign cookie signs no one in."""

from __future__ import annotations

import re

from yarl import URL

from bot.keys import CLOCK, SESSIONS
from bot.web.portal.session_cookie import COOKIE
from handlers.shared.accounts import sign_in_link
from storage.unit_of_work import SqlUnitOfWork
from tests.support.portal import a_customer, form_csrf, sign_in_client
from tests.support.web_service import WebChat, WebService


async def test_a_portal_page_asks_a_stranger_to_sign_in(web: WebService) -> None:
    async with web.browser_session() as stranger:
        page = await stranger.get("/portal/sessions", allow_redirects=False)
        assert page.status == 303
        assert page.headers["Location"] == "/portal/sign-in?next=/portal/sessions"
        stranger.cookie_jar.update_cookies({COOKIE: "forged.value"})
        again = await stranger.get("/portal/sessions", allow_redirects=False)
        assert again.status == 303
        ended = await stranger.post("/portal/sessions/end-all", headers={"Origin": web.url})
        assert ended.status == 403


async def test_a_session_ended_from_another_browser_is_signed_out(web: WebService) -> None:
    app = web.server.app
    thandi = await a_customer(app, "Thandi Mokoena", "+27821234567")
    async with web.browser_session() as phone, web.browser_session() as laptop:
        await sign_in_client(phone, app, thandi, web.url)
        await sign_in_client(laptop, app, thandi, web.url)
        seen = await (await phone.get("/portal/sessions")).text()
        assert "Signed in as Thandi Mokoena" in seen
        assert seen.count("End this session") == 2 and "(this browser)" in seen

        listed = await (await laptop.get("/portal/sessions")).text()
        phone_session = _other_session(listed)
        ended = await laptop.post(
            f"/portal/sessions/{phone_session}/end",
            data={"csrf": form_csrf(listed)},
            headers={"Origin": web.url},
        )
        assert ended.status == 200 and ended.url.path == "/portal/sessions"
        assert (await ended.text()).count("End this session") == 1

        out = await phone.get("/portal/sessions", allow_redirects=False)
        assert out.status == 303 and out.headers["Location"].startswith("/portal/sign-in")


async def test_no_one_ends_another_customers_session(web: WebService) -> None:
    app = web.server.app
    thandi = await a_customer(app, "Thandi Mokoena", "+27821234567")
    sipho = await a_customer(app, "Sipho Dlamini", "+27827654321")
    async with web.browser_session() as hers, web.browser_session() as his:
        await sign_in_client(hers, app, thandi, web.url)
        await sign_in_client(his, app, sipho, web.url)
        her_session = _this_session(await (await hers.get("/portal/sessions")).text())
        his_page = await (await his.get("/portal/sessions")).text()
        assert "Thandi" not in his_page
        tried = await his.post(
            f"/portal/sessions/{her_session}/end",
            data={"csrf": form_csrf(his_page)},
            headers={"Origin": web.url},
        )
        assert tried.status == 404
        without_token = await his.post(
            "/portal/sessions/end-all", data={"csrf": "guess"}, headers={"Origin": web.url}
        )
        assert without_token.status == 403
        still = await hers.get("/portal/sessions", allow_redirects=False)
        assert still.status == 200


async def test_signing_out_everywhere_ends_every_session(web: WebService) -> None:
    app = web.server.app
    thandi = await a_customer(app, "Thandi Mokoena", "+27821234567")
    async with web.browser_session() as phone, web.browser_session() as laptop:
        await sign_in_client(phone, app, thandi, web.url)
        await sign_in_client(laptop, app, thandi, web.url)
        listed = await (await laptop.get("/portal/sessions")).text()
        done = await laptop.post(
            "/portal/sessions/end-all",
            data={"csrf": form_csrf(listed)},
            headers={"Origin": web.url},
            allow_redirects=False,
        )
        assert done.status == 303 and done.headers["Location"].startswith("/portal/sign-in")
        for browser in (phone, laptop):
            out = await browser.get("/portal/sessions", allow_redirects=False)
            assert out.status == 303


def _this_session(html: str) -> str:
    return _sessions(html, this=True)[0]


def _other_session(html: str) -> str:
    return _sessions(html, this=False)[0]


def _sessions(html: str, *, this: bool) -> list[str]:
    """The ids in the page's End buttons, of this browser's session or the others'."""
    found = []
    for item in html.split('<li class="session">')[1:]:
        if ("(this browser)" in item) == this:
            match = re.search(r"/portal/sessions/(\d+)/end", item)
            assert match
            found.append(match.group(1))
    return found


async def test_signing_in_again_replaces_the_browsers_session(web: WebService) -> None:
    app = web.server.app
    thandi = await a_customer(app, "Thandi Mokoena", "+27821234567")
    async with web.browser_session() as browser:
        await sign_in_client(browser, app, thandi, web.url)
        first = _this_session(await (await browser.get("/portal/sessions")).text())
        async with SqlUnitOfWork(app[SESSIONS]) as uow:
            link = await sign_in_link(uow, thandi, web.url, app[CLOCK].now())
            await uow.commit()
        opened = await browser.get(URL(link).path)
        assert opened.status == 200
        tapped = await browser.post(
            URL(link).path, headers={"Origin": web.url}, allow_redirects=False
        )
        assert tapped.status == 303 and tapped.headers["Location"] == "/portal"
        listed = await (await browser.get("/portal/sessions")).text()
        assert listed.count("End this session") == 1 and _this_session(listed) != first


async def test_the_web_chats_browser_is_signed_in_by_its_chat(web: WebService) -> None:
    """The embedded default: no channel to send a code on, so the chat's browser is the key;
    once its session is ended, the chat alone no longer signs it in."""
    async with web.browser_session() as browser:
        assert (await browser.get("/")).status == 200
        chat = await WebChat(browser, web.url).open()
        try:
            await chat.book()
        finally:
            await chat.close()
        page = await browser.get("/portal/sessions")
        assert page.url.path == "/portal/sessions"
        listed = await page.text()
        assert "Signed in as Thandi" in listed
        done = await browser.post(
            "/portal/sessions/end-all",
            data={"csrf": form_csrf(listed)},
            headers={"Origin": web.url},
        )
        assert done.url.path == "/portal/sign-in" and "You are signed out." in await done.text()
        again = await browser.get("/portal/sessions")
        assert again.url.path == "/portal/sign-in"
