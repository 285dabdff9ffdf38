"""The web side's locks, over plain HTTP: no console without a valid session, sign-in
refused and rate-limited, forged or altered cookies refused, no state change without the
CSRF token, status links that are wrong or revoked are 404s, and one customer's web chat
shows nothing of another's."""

from __future__ import annotations

import io
import re
from typing import Any

import aiohttp
import pytest
from yarl import URL

from bot.web.site import WEB_SITE
from tests.support.images import decompression_bomb
from tests.support.web_service import ADMIN_TOKEN, PHOTO, WebChat, WebService, csrf_of, photo_form

CONSOLE_MARK = 'data-ws="/admin/ws"'  # only the signed-in console opens its socket


async def test_no_console_without_signing_in(web: WebService) -> None:
    async with web.browser_session() as visitor:
        page = await visitor.get("/admin")
        html = await page.text()
        assert page.status == 200 and 'name="token"' in html and CONSOLE_MARK not in html
        socket = await visitor.get("/admin/ws", headers={"Origin": web.url})
        assert socket.status == 403
        upload = await visitor.post("/admin/upload", data=photo_form("BG-1001 after"))
        assert upload.status == 403
        sign_out = await visitor.post("/admin/sign-out", data={"csrf": "x"})
        assert sign_out.status == 403


async def test_a_wrong_token_is_refused_and_tries_are_limited(web: WebService) -> None:
    async with web.browser_session() as visitor:
        for _ in range(5):
            wrong = await visitor.post(
                "/admin/sign-in", data={"token": "guess"}, headers={"Origin": web.url}
            )
            assert wrong.status == 401
            assert "That is not the access code." in await wrong.text()
        blocked = await visitor.post(
            "/admin/sign-in", data={"token": ADMIN_TOKEN}, headers={"Origin": web.url}
        )
        assert blocked.status == 429
        assert "Too many wrong access codes" in await blocked.text()
        assert not any(c.key == "bg_admin" for c in visitor.cookie_jar)


async def test_sign_in_from_another_site_is_refused(web: WebService) -> None:
    async with web.browser_session() as visitor:
        response = await visitor.post(
            "/admin/sign-in", data={"token": ADMIN_TOKEN}, headers={"Origin": "https://evil.test"}
        )
        assert response.status == 403


async def test_the_right_token_opens_the_console_and_the_cookie_is_guarded(
    web: WebService,
) -> None:
    async with web.browser_session() as technician:
        await web.signed_in(technician)
        [cookie] = [c for c in technician.cookie_jar if c.key == "bg_admin"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/admin"
        assert CONSOLE_MARK in await (await technician.get("/admin")).text()
        genuine = cookie.value
    payload, signature = genuine.split(".")
    altered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    forged = payload + "." + "A" * len(signature)
    for value in (altered, forged, "admin", ""):
        async with web.browser_session() as intruder:
            intruder.cookie_jar.update_cookies({"bg_admin": value}, URL(web.url + "/admin"))
            html = await (await intruder.get("/admin")).text()
            assert CONSOLE_MARK not in html
            socket = await intruder.get("/admin/ws", headers={"Origin": web.url})
            assert socket.status == 403


async def test_state_changes_need_the_csrf_token_and_the_socket_our_origin(
    web: WebService,
) -> None:
    async with web.browser_session() as technician:
        csrf = await web.signed_in(technician)
        refused = await technician.post("/admin/upload", data=photo_form())
        assert refused.status == 403
        wrong = await technician.post(
            "/admin/upload", data=photo_form(), headers={"X-CSRF-Token": "not-it"}
        )
        assert wrong.status == 403
        accepted = await technician.post(
            "/admin/upload", data=photo_form(), headers={"X-CSRF-Token": csrf}
        )
        assert accepted.status == 200
        foreign = await technician.get("/admin/ws", headers={"Origin": "https://evil.test"})
        assert foreign.status == 403
        no_csrf_out = await technician.post("/admin/sign-out", data={})
        assert no_csrf_out.status == 403
        signed_out = await technician.post("/admin/sign-out", data={"csrf": csrf})
        assert signed_out.status == 200 and 'name="token"' in await signed_out.text()


async def test_the_customers_chat_needs_its_cookie_and_token(web: WebService) -> None:
    async with web.browser_session() as stranger:
        assert (await stranger.get("/ws", headers={"Origin": web.url})).status == 403
        assert (await stranger.post("/upload", data=photo_form())).status == 403
    async with web.browser_session() as customer:
        page = await customer.get("/")
        [cookie] = [c for c in customer.cookie_jar if c.key == "bg_chat"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
        csrf = csrf_of(await page.text())
        assert (await customer.post("/upload", data=photo_form())).status == 403
        foreign = await customer.get("/ws", headers={"Origin": "https://evil.test"})
        assert foreign.status == 403
        ok = await customer.post("/upload", data=photo_form(), headers={"X-CSRF-Token": csrf})
        assert ok.status == 200


async def test_wrong_and_revoked_status_links_are_not_found(web: WebService) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, link = await chat.book()
        path = URL(link).path
        assert (await customer.get(path)).status == 200
        assert (await customer.get(path[:-2] + "xx")).status == 404
        assert (await customer.get("/s/nothing-here")).status == 404
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await console.says(f"/revoke {reference}", expect="status link(s) revoked")
        assert (await customer.get(path)).status == 404
        assert (await customer.get(path + "/events")).status == 404
        await console.says(f"/link {reference}", expect="fresh status link")
        fresh = await chat.sees("follow your job live here")
        assert (await customer.get(URL(fresh["text"].split("here: ")[1]).path)).status == 200
        await chat.close()
        await console.close()


async def test_a_customer_sees_nothing_of_another_customers_chat(web: WebService) -> None:
    async with web.browser_session() as first, web.browser_session() as second:
        await first.get("/")
        await second.get("/")
        one = await WebChat(first, web.url).open()
        reference, _ = await one.book()
        other = await WebChat(second, web.url).open()
        answer = await other.says("my jobs")
        assert "You have no jobs with us yet" in answer["text"]
        assert not [e for e in other.events if reference in str(e.get("text"))]
        await one.close()
        await other.close()


async def test_bad_input_gets_a_clear_answer(web: WebService) -> None:
    async with web.browser_session() as customer:
        csrf = csrf_of(await (await customer.get("/")).text())
        form = aiohttp.FormData()
        form.add_field("id", "upload-0001")
        form.add_field("file", b"MZ not a photo", filename="setup.exe", content_type="text/plain")
        refused = await customer.post("/upload", data=form, headers={"X-CSRF-Token": csrf})
        assert refused.status == 415 and "only JPEG, PNG or WebP" in await refused.text()
        socket = await customer.ws_connect("/ws", origin=web.url)
        await socket.send_str("not json")
        assert (await socket.receive_json())["text"] == "That message could not be read."
        await socket.send_json({"id": "message-0001", "text": "   "})
        assert (await socket.receive_json())["text"] == "Type a message first."
        await socket.close()


async def test_a_picture_bomb_from_the_web_chat_gets_the_intakes_clear_answer(
    web: WebService,
) -> None:
    async with web.browser_session() as customer:
        csrf = csrf_of(await (await customer.get("/")).text())
        chat = await WebChat(customer, web.url).open()
        form = aiohttp.FormData()
        form.add_field("id", "upload-bomb-1")
        form.add_field("file", decompression_bomb(), filename="x.png", content_type="image/png")
        sent = await customer.post("/upload", data=form, headers={"X-CSRF-Token": csrf})
        assert sent.status == 200
        answer = await chat.sees("is too large a picture for me to open")
        assert not answer["mine"] and answer["text"].startswith("Sorry, photo.png")
        await chat.close()


async def test_an_upload_with_a_huge_caption_is_refused_before_it_is_read_whole(
    web: WebService,
) -> None:
    async with web.browser_session() as customer:
        csrf = csrf_of(await (await customer.get("/")).text())
        form = aiohttp.FormData()
        form.add_field("id", "upload-long-1")
        form.add_field("caption", io.BytesIO(b"x" * (5 * 1024 * 1024)), filename="caption.txt")
        form.add_field("file", PHOTO, filename="photo.png", content_type="image/png")
        refused = await customer.post("/upload", data=form, headers={"X-CSRF-Token": csrf})
        assert refused.status == 413 and "a caption up to" in await refused.text()


async def test_the_longest_message_the_page_allows_fits_in_one_socket_frame(
    web: WebService,
) -> None:
    async with web.browser_session() as customer:
        html = await (await customer.get("/")).text()
        found = re.search(r'<input id="text"[^>]*maxlength="(\d+)"', html)
        assert found, "the message box has no length limit"
        longest = "😀" * int(found.group(1))  # four bytes each in UTF-8
        chat = await WebChat(customer, web.url).open()
        await chat.send(text=longest)  # acknowledged: kept, not a frame that closes the socket
        await chat.close()


async def test_a_message_said_while_a_page_connects_is_shown_once(
    web: WebService, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel = web.server.app[WEB_SITE].channel
    history = channel.history

    async def history_after_a_message(address: str) -> list[dict[str, Any]]:
        # The page listens already; a message is kept before its history is read.
        await channel.receive(address, "said-meanwhile-1", text="said while connecting")
        return await history(address)

    async with web.browser_session() as customer:
        await customer.get("/")
        monkeypatch.setattr(channel, "history", history_after_a_message)
        chat = await WebChat(customer, web.url).open()
        monkeypatch.undo()
        await chat.says("hi")  # the answer comes after everything sent before it
        assert [e["text"] for e in chat.events if e.get("mine")] == ["said while connecting", "hi"]
        await chat.close()
