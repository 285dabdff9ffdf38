"""Where the web chat meets the follow-ups: a web customer's satisfaction survey arrives in the
chat with its scores as buttons, and a button's answer is taken; the technician's documents
come to the console as links it can open."""

from __future__ import annotations

from typing import Any

from yarl import URL

from bot.wiring import FOLLOW_UPS
from tests.support.clock import MovableClock
from tests.support.web_service import WebChat, WebService


async def completed_in_the_console(console: WebChat, reference: str) -> None:
    await console.says(f"/job {reference}", expect=reference)
    await console.send(option=f"status.{reference}.in_progress", label="Start")
    await console.sees(f"{reference}: in progress. Told")
    await console.send(option=f"status.{reference}.completed", label="Done")
    await console.sees("what was done?")
    await console.says("Replaced the power supply", expect="completed. Told")


async def test_a_web_customer_answers_the_survey_with_its_buttons(
    web: WebService, clock: MovableClock
) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, _ = await chat.book()
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await completed_in_the_console(console, reference)

        clock.advance(hours=3)
        await web.server.app[FOLLOW_UPS].run()
        survey = await chat.sees(f"How did we do with {reference}")
        assert len(survey["options"]) == 5
        best: dict[str, Any] = survey["options"][-1]
        before = len(chat.answers())
        await chat.send(option=best["id"], label=best["label"])
        thanks = await chat.wait_for(lambda e: e in chat.answers()[before:])
        assert "thank" in thanks["text"].lower()
        await chat.close()
        await console.close()


async def test_the_service_report_comes_to_the_console_as_a_pdf_link_that_opens(
    web: WebService,
) -> None:
    async with web.browser_session() as customer, web.browser_session() as technician:
        await customer.get("/")
        chat = await WebChat(customer, web.url).open()
        reference, _ = await chat.book()
        await web.signed_in(technician)
        console = await WebChat(technician, web.url, "/admin/ws").open()
        await completed_in_the_console(console, reference)
        shown = await console.says(f"/report {reference}")
        [pdf] = shown["files"]
        assert pdf["type"] == "application/pdf" and shown["options"]
        opened = await technician.get(URL(pdf["url"]).path)
        assert opened.status == 200 and (await opened.read()).startswith(b"%PDF")
        await chat.close()
        await console.close()
