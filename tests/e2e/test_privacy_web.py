"""Privacy on the web: the web chat's first reply carries the notice, /privacy serves the full
one, and a card opened in the console is in the audit log the console shows."""

from __future__ import annotations

from tests.support.web_service import WebChat, WebService


async def test_the_notice_the_full_notice_and_the_consoles_audit_log(web: WebService) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        first = await chat.says("hi")
        assert "How we keep your details" in first["text"]
        assert f"{web.url}/privacy" in first["text"]
        assert "How we keep your details" not in (await chat.says("hi"))["text"]
        reference, _ = await chat.book()
        notice = await customer.get("/privacy")
        assert notice.status == 200
        html = await notice.text()
        assert (
            "Privacy notice" in html and "Your rights" in html and "Information Regulator" in html
        )

        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await console.says(f"/job {reference}", expect=reference)
        log = await console.says("/audit", expect="Who looked at")
        assert f"technician (console) opened the card of customer #1 ({reference})" in log["text"]
        await chat.close()
        await console.close()
