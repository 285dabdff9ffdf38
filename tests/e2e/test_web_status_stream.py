"""The status page's stream of updates: it follows a change the moment a conversation commits
it (not by asking the database every second), makes fresh file links only when something
changed, ends with 'gone' when the link is revoked, and lets go of a page that was closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from yarl import URL

from bot.web import status_routes
from tests.support.web_service import WebChat, WebService, next_event, photo_form, stored


async def booked_with_console(web: WebService, customer: Any, technician: Any) -> Any:
    await customer.get("/")
    chat = await WebChat(customer, web.url).open()
    reference, link = await chat.book()
    csrf = await web.signed_in(technician)
    console = await WebChat(technician, web.url, "/admin/ws").open()
    return chat, console, reference, URL(link).path, csrf


async def test_a_change_reaches_the_stream_when_committed_and_revoking_ends_it(
    web: WebService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_routes, "LOOK_EVERY_SECONDS", 3600.0)  # only the signal wakes it
    async with web.browser_session() as customer, web.browser_session() as technician:
        chat, console, reference, path, _ = await booked_with_console(web, customer, technician)
        async with customer.get(path + "/events") as stream:
            name, html = await next_event(stream)
            assert name == "update" and "scheduled" in html
            await console.says(f"/note {reference} visible Bring the charger <script>x()</script>")
            name, html = await next_event(stream)
            assert name == "update" and "Bring the charger &lt;script&gt;x()" in html
            assert "<script>" not in html  # the page puts this in as HTML: escaped
            await console.says(f"/revoke {reference}", expect="revoked")
            assert await next_event(stream) == ("gone", status_routes.GONE)
        assert (await customer.get(path)).status == 404
        await chat.close()
        await console.close()


async def test_file_links_are_made_again_only_when_something_changed(
    web: WebService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_routes, "LOOK_EVERY_SECONDS", 0.001)
    async with web.browser_session() as customer, web.browser_session() as technician:
        chat, console, reference, path, csrf = await booked_with_console(web, customer, technician)
        form = photo_form(f"{reference} after", "photo-after-1")
        assert (
            await technician.post("/admin/upload", data=form, headers={"X-CSRF-Token": csrf})
        ).ok
        await console.wait_for(lambda _: len(stored(console)) == 1)
        looks = count_calls(monkeypatch, status_routes, "_view")
        rendered = count_calls(monkeypatch, status_routes, "_fragment")  # signs the file links
        async with customer.get(path + "/events") as stream:
            name, html = await next_event(stream)
            assert name == "update" and "/f/" in html
            while looks[0] < 30:  # the stream has looked again and again
                await stream.content.readline()
        assert rendered[0] == 1
        await chat.close()
        await console.close()


async def test_a_closed_page_is_let_go(web: WebService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status_routes, "LOOK_EVERY_SECONDS", 0.01)
    ended = asyncio.Event()
    follow = status_routes._follow

    async def followed(*args: Any) -> None:
        try:
            await follow(*args)
        finally:
            ended.set()

    monkeypatch.setattr(status_routes, "_follow", followed)
    async with web.browser_session() as customer:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        _, link = await chat.book()
        stream = await customer.get(URL(link).path + "/events")
        assert (await next_event(stream))[0] == "update"
        stream.close()  # the customer closes the tab; nothing about the job changes
        await asyncio.wait_for(ended.wait(), 10)
        await chat.close()


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls = [0]
    original: Callable[..., Any] = getattr(owner, name)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return await original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
