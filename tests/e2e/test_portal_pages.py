"""The portal's pages over HTTP on SQLite and Postgres, as a signed-in customer uses them: my
jobs, a job's page (what it shows and never shows, its files), moving, calling off and
booking through the chat's own rules (the technician's console hears of each), my details;
and the security cases: another customer's job or file is a 404, a form without the page's
token is refused, nobody signed in is sent to sign in."""

from __future__ import annotations

import re
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from bot.keys import SESSIONS
from bot.web import status_routes
from bot.web.portal_pages import job_routes
from domain.jobs import JobStatus
from storage.unit_of_work import SqlUnitOfWork
from tests.support.clock import MovableClock
from tests.support.portal import a_customer, form_csrf, sign_in_client
from tests.support.portal_pages import PortalCustomer, booked_portal_customer
from tests.support.records import new_job
from tests.support.web_service import WebChat, WebService, next_event, photo_form, stored

SLOT = re.compile(r'name="start" value="([^"]+)"')


def app_of(web_service: WebService) -> web.Application:
    app = web_service.server.app
    assert app is not None
    return app


async def console_of(
    web_service: WebService, technician: aiohttp.ClientSession
) -> tuple[WebChat, str]:
    """The technician's console, open; the console page's CSRF token."""
    csrf = await web_service.signed_in(technician)
    return await WebChat(technician, web_service.url, "/admin/ws").open(), csrf


async def test_my_jobs_and_a_jobs_page_show_only_what_the_customer_may_see(
    web: WebService,
) -> None:
    async with (
        web.browser_session() as chat,
        web.browser_session() as portal,
        web.browser_session() as technician,
    ):
        me = await booked_portal_customer(web, chat, portal)
        console, csrf = await console_of(web, technician)
        await console.says(f"/note {me.reference} visible Bring the charger <b>")
        await console.says(f"/note {me.reference} Customer seems grumpy")  # private
        form = photo_form(f"{me.reference} after", "photo-after-1")
        upload = await technician.post("/admin/upload", data=form, headers={"X-CSRF-Token": csrf})
        assert upload.ok
        await console.wait_for(lambda _: len(stored(console)) == 1)

        home = await me.page("/portal")
        assert f'href="/portal/jobs/{me.reference}"' in home and "Open jobs" in home
        page = await me.page(f"/portal/jobs/{me.reference}")
        assert "scheduled" in page and "Bring the charger &lt;b&gt;" in page
        assert "grumpy" not in page
        assert 'data-events="/portal/jobs/' in page and "Move to another time" in page
        [thumb] = re.findall(r'<img src="([^"]+)\?size=thumb"', page)
        full = await portal.get(thumb)
        assert full.status == 200 and full.content_type.startswith("image/")
        small = await portal.get(thumb + "?size=thumb")
        assert small.status == 200 and small.content_type == "image/jpeg"
        await console.close()
        await me.close()


async def test_my_jobs_shows_the_newest_past_jobs_and_all_on_request(web: WebService) -> None:
    async with web.browser_session() as chat, web.browser_session() as portal:
        me = await booked_portal_customer(web, chat, portal)
        sessions = app_of(web)[SESSIONS]
        past = [
            await new_job(lambda: SqlUnitOfWork(sessions), me.customer_id, status=done)
            for done in [JobStatus.COMPLETED] * 11
        ]
        home = await me.page("/portal")
        shown = [job.reference for job in past if f"/portal/jobs/{job.reference}" in home]
        assert shown == [job.reference for job in past[1:]]  # the newest ten
        assert f'href="/portal/jobs/{me.reference}"' in home  # open, whatever its age
        assert 'href="/portal?past=all">All past jobs' in home
        every = await me.page("/portal?past=all")
        assert all(f"/portal/jobs/{job.reference}" in every for job in past)
        assert "All past jobs" not in every
        await me.close()


async def test_another_customers_job_and_files_are_not_found(web: WebService) -> None:
    async with (
        web.browser_session() as chat,
        web.browser_session() as portal,
        web.browser_session() as technician,
        web.browser_session() as stranger,
    ):
        me = await booked_portal_customer(web, chat, portal)
        console, csrf = await console_of(web, technician)
        form = photo_form(f"{me.reference} after", "photo-after-2")
        await technician.post("/admin/upload", data=form, headers={"X-CSRF-Token": csrf})
        await console.wait_for(lambda _: len(stored(console)) == 1)
        page = await me.page(f"/portal/jobs/{me.reference}")
        [file_path] = re.findall(r'<img src="([^"]+)\?size=thumb"', page)

        other = await a_customer(app_of(web), "Sipho Dlamini")
        await sign_in_client(stranger, app_of(web), other, web.url)
        them = PortalCustomer(None, stranger, "", other, web.url)
        assert me.reference not in await them.page("/portal")
        for path in (
            f"/portal/jobs/{me.reference}",
            f"/portal/jobs/{me.reference}/events",
            file_path,
            f"/portal/jobs/{me.reference}/move",
            f"/portal/jobs/{me.reference}/cancel",
            "/portal/jobs/BG-9999",
        ):
            await them.page(path, status=404)
        await them.post(f"/portal/jobs/{me.reference}/cancel", status=404)
        # A file id that is not this job's, on the customer's own job: not found either.
        await me.page(re.sub(r"/files/\d+", "/files/999999", file_path), status=404)
        assert "scheduled" in await me.page(f"/portal/jobs/{me.reference}")  # untouched
        await console.close()
        await me.close()


async def test_forms_need_the_pages_token_and_pages_need_a_sign_in(web: WebService) -> None:
    async with web.browser_session() as chat, web.browser_session() as portal:
        me = await booked_portal_customer(web, chat, portal)
        refused = await portal.post(
            f"/portal/jobs/{me.reference}/cancel", data={}, headers={"Origin": web.url}
        )
        assert refused.status == 403
        forged = await portal.post(
            "/portal/details", data={"csrf": "x", "name": "Evil"}, headers={"Origin": web.url}
        )
        assert forged.status == 403
        async with web.browser_session() as nobody:
            response = await nobody.get("/portal/jobs/" + me.reference, allow_redirects=False)
            assert response.status == 303 and "/portal/sign-in" in response.headers["Location"]
        assert "scheduled" in await me.page(f"/portal/jobs/{me.reference}")
        await me.close()


async def test_a_late_move_goes_to_the_technician_and_a_cancel_is_told(web: WebService) -> None:
    async with (
        web.browser_session() as chat,
        web.browser_session() as portal,
        web.browser_session() as technician,
    ):
        me = await booked_portal_customer(web, chat, portal)  # the first free time: soon
        console, _ = await console_of(web, technician)
        move_page = await me.page(f"/portal/jobs/{me.reference}/move")
        assert "approve" in move_page
        starts = SLOT.findall(move_page)
        done = await me.post(f"/portal/jobs/{me.reference}/move", start=starts[-1])
        assert "asked the technician" in done
        asked = await console.sees(f"asks to move {me.reference}")
        assert [o["label"] for o in asked["options"]] == ["Approve", "Decline"]

        bad = await me.post(f"/portal/jobs/{me.reference}/move", status=400, start="tomorrow")
        assert "choose one of the times" in bad
        await console.close()
        await me.close()


async def test_book_then_move_and_cancel_within_the_free_window(
    web: WebService, clock: MovableClock
) -> None:
    async with (
        web.browser_session() as chat,
        web.browser_session() as portal,
        web.browser_session() as technician,
    ):
        me = await booked_portal_customer(web, chat, portal)
        console, _ = await console_of(web, technician)
        later = (clock.now() + timedelta(days=6)).date().isoformat()
        answers = {"problem": "Printer jams", "service": "remote-support", "mode": "remote"}
        soon = SLOT.findall(await me.post("/portal/book", answers, step="times"))
        far = SLOT.findall(await me.post("/portal/book", answers, step="times", day=later))
        assert len(far) > 2 and soon[0] < far[0] and all(later[5:] in f for f in far[:1])
        assert far == SLOT.findall(await me.page(f"/portal/jobs/{me.reference}/move?day={later}"))
        booked = await me.post("/portal/book", answers, step="book", start=far[0])
        reference = re.search(r"Booked: (BG-\d+)", booked)
        assert reference, booked
        new = reference.group(1)
        await console.sees(f"New booking {new}")
        assert new in await me.page("/portal")

        moved = await me.post(f"/portal/jobs/{new}/move", start=far[1])
        assert f"Done: {new} is now on" in moved
        await console.sees(f"moved {new}")
        off_grid = far[2].replace(":00:00", ":07:00").replace(":30:00", ":37:00")
        refused = await me.post(f"/portal/jobs/{new}/move", status=409, start=off_grid)
        assert "Visits start" in refused and 'name="start"' in refused  # why, and other times

        called_off = await me.post(f"/portal/jobs/{new}/cancel")
        assert f"Called off: {new}" in called_off
        cancelled = await console.sees(f"cancelled {new}")
        assert "(from the portal" in cancelled["text"]  # not the web chat: the portal's page
        assert "cancelled" in await me.page(f"/portal/jobs/{new}")
        await console.close()
        await me.close()


async def test_booking_answers_are_checked(web: WebService) -> None:
    async with web.browser_session() as chat, web.browser_session() as portal:
        me = await booked_portal_customer(web, chat, portal)
        no_problem = await me.post("/portal/book", status=400, step="times", service="x")
        assert "describe the problem" in no_problem
        on_site = {"problem": "No wifi", "service": "remote-support", "mode": "on_site"}
        refused = await me.post("/portal/book", on_site, status=400, step="times")
        assert "not offered that way" in refused
        await me.close()


async def test_my_details_name_and_reminders(web: WebService) -> None:
    async with web.browser_session() as chat, web.browser_session() as portal:
        me = await booked_portal_customer(web, chat, portal)
        page = await me.page("/portal/details")
        assert "the web chat" in page and 'name="reminders" value="on" checked' in page
        saved = await me.post("/portal/details", name="Thandi M")
        assert "Saved." in saved and 'value="Thandi M"' in saved
        assert 'value="on" checked' not in saved  # the box was left unticked: reminders off
        short = await me.post("/portal/details", status=400, name="x")
        assert "Please type your name" in short
        await me.close()


async def test_the_job_page_follows_the_technician_live_until_signed_out(
    web: WebService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_routes, "LOOK_EVERY_SECONDS", 0.05)  # the sign-out wakes none
    async with (
        web.browser_session() as chat,
        web.browser_session() as portal,
        web.browser_session() as technician,
    ):
        me = await booked_portal_customer(web, chat, portal)
        console, _ = await console_of(web, technician)
        async with portal.get(f"/portal/jobs/{me.reference}/events") as stream:
            name, html = await next_event(stream)
            assert name == "update" and "scheduled" in html
            await console.send(option=f"status.{me.reference}.on_the_way", label="On my way")
            await console.says("20", expect="on the way")
            name, html = await next_event(stream)
            assert name == "update" and "technician on the way" in html
            # Signed out everywhere (from this browser or another): the open page is told.
            csrf = form_csrf(await me.page("/portal/sessions"))
            ended = await portal.post(
                "/portal/sessions/end-all", data={"csrf": csrf}, headers={"Origin": web.url}
            )
            assert ended.status == 200
            assert await next_event(stream) == ("gone", job_routes.SIGNED_OUT)
        await console.close()
        await me.close()


async def test_the_status_link_offers_the_portal(web: WebService) -> None:
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        _, link = await chat.book()
        async with web.browser_session() as stranger:  # not signed in: the link still works
            page = await (await stranger.get(link)).text()
        assert "scheduled" in page and 'href="/portal"' in page
        await chat.close()


async def test_the_portal_chat_is_the_customers_own_web_chat(web: WebService) -> None:
    async with web.browser_session() as chat, web.browser_session() as portal:
        me = await booked_portal_customer(web, chat, portal)
        signed_in = await WebChat(portal, web.url, "/portal/chat/ws").open()
        await signed_in.sees(f"Booked! {me.reference}")  # the booking, made in the web chat
        answer = await signed_in.says("my jobs", expect=me.reference)
        assert "scheduled" in answer["text"] or "Your jobs" in answer["text"]
        assert me.chat is not None  # a browser's web chat (maybe signed out) is not the portal's
        await me.chat.says("help")
        assert not [e for e in me.chat.events if "Your jobs" in str(e.get("text"))]
        async with web.browser_session() as stranger:  # no session: no chat
            refused = await stranger.get("/portal/chat/ws", allow_redirects=False)
            assert refused.status == 303
        await signed_in.close()
        await me.close()
