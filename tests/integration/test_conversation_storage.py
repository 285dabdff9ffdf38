"""Conversations where the database itself decides, on SQLite and Postgres: a time refused
by the database's own constraint, turns that take turns, a repeat recognised by the stored
record, a failed turn rolled back, numbers handed out in order. (The other transcripts, where
the database makes no difference, run once, in tests/conversations.)"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from bot.intake.dispatcher import APOLOGY, TOLD
from domain.appointments import Appointment, VisitMode
from domain.customers import Channel
from domain.jobs import Job
from domain.messages import Inbound
from handlers import routes
from handlers.kernel.registry import Command
from handlers.kernel.turn import Turn
from storage.database import create_sessionmaker
from storage.tables import AppointmentCellRow, InboundMessageRow
from tests.support.bookings import book_remote_support, choose_service
from tests.support.business import with_real_bank_details
from tests.support.scene import ADMIN, SAST, Scene

NUMBER = "+27821234567"


async def test_when_the_database_refuses_the_time_no_job_is_kept(scene: Scene) -> None:
    """Minutes held behind the finder's back (a booking made by hand, say) still refuse a
    second booking, and the refused one leaves no job and no gap in the references."""
    thandi = scene.person()
    await choose_service(thandi, "remote-support")
    await thandi.send(option="slot.2026-11-24T12:00:00+02:00")
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text.startswith("Please check")
    async with scene.unit_of_work() as uow:
        me = await uow.customers.by_identity(Channel.TELEGRAM, "5551")
        assert me is not None
        other = await uow.jobs.add(Job(me.id or 0, "booked by hand", "remote-support"))
        start = datetime(2026, 11, 24, 15, 0, tzinfo=SAST)
        hand = await uow.appointments.add(
            Appointment(other.id or 0, start, start + timedelta(hours=1), VisitMode.REMOTE)
        )
        await uow.appointments.cancel(hand, start)
        await uow.commit()
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=SAST)
    async with scene.engine.begin() as connection:
        await connection.execute(
            insert(AppointmentCellRow),
            [
                {"starts_at": noon + timedelta(minutes=5 * n), "appointment_id": hand.id}
                for n in range(12)
            ],
        )
    [refused] = await thandi.send("yes")
    assert refused.text.startswith("Sorry, someone has just taken that time. The nearest free")
    await thandi.send(option="slot.2026-11-24T13:00:00+02:00")
    [booked] = await thandi.send("yes")
    assert booked.text.startswith("Booked! BG-1002")  # BG-1001 is the one booked by hand


async def test_two_visits_confirmed_at_once_that_leave_no_time_to_drive_are_not_both_booked(
    scene: Scene,
) -> None:
    """Each time is free alone; together they leave no time to drive from Edenvale to Kew.
    Bookings take turns, so the second sees the first."""
    edenvale, kew = scene.person(address="5551"), scene.person(address="5552", name="Sipho Dlamini")
    for customer, area, start in ((edenvale, "Edenvale", "09:00"), (kew, "Kew", "10:30")):
        await choose_service(customer, "virus-removal", on_site=True, problem="Slow laptop")
        await customer.send(option=f"area.{area}")
        await customer.send("12 Main Road")
        await customer.send(option=f"slot.2026-11-25T{start}:00+02:00")
        [summary] = await customer.send(phone=f"+27 82 555 {customer.address}")
        assert summary.text.startswith("Please check"), summary.text
    sent = await scene.arrive(
        *(
            Inbound(Channel.TELEGRAM, customer.address, f"yes-{customer.address}",
                    scene.clock.now(), chosen_option="booking.yes")
            for customer in (edenvale, kew)
        )
    )  # fmt: skip
    answers = [m.text for m in sent if m.recipient in ("5551", "5552")]
    assert sum(a.startswith("Booked!") for a in answers) == 1, answers


async def test_the_same_platform_message_twice_is_handled_once(
    scene: Scene,
) -> None:
    message = Inbound(Channel.TELEGRAM, "5551", "update-1", scene.clock.now(), text="/start")
    assert await scene.dispatcher.accept(message) is True
    assert await scene.dispatcher.accept(message) is False
    assert len(await scene.arrive()) == 1


async def test_messages_of_one_conversation_are_answered_in_arrival_order(
    scene: Scene,
) -> None:
    texts = ["/start", "/help", "zzz", "/jobs", "/start"]
    sent = await scene.arrive(
        *(
            Inbound(Channel.TELEGRAM, "5551", f"u{index}", scene.clock.now(), text=text)
            for index, text in enumerate(texts)
        )
    )
    replies = [m.text.split()[0] for m in sent]
    assert replies == ["Hi", "BurbGigz", "Sorry,", "You", "Hi"]


async def test_a_failing_handler_apologises_alerts_and_keeps_the_message(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(turn: Turn) -> None:
        await turn.uow.jobs.open_jobs()
        raise RuntimeError("bug in the jobs handler")

    monkeypatch.setitem(routes.CUSTOMER.commands, "jobs", Command("jobs", broken))
    thandi = scene.person()
    [apology] = await thandi.send("/jobs")
    assert apology.text == APOLOGY + TOLD
    [alert] = thandi.others
    assert alert.recipient == ADMIN.address and "RuntimeError" in alert.text
    async with create_sessionmaker(scene.engine)() as session:
        row = await session.scalar(
            select(InboundMessageRow).where(
                InboundMessageRow.payload["text"].as_string() == "/jobs"
            )
        )
    assert row is not None
    assert (row.status, row.error) == ("failed", "RuntimeError: bug in the jobs handler")
    [still_works] = await thandi.send("/start")
    assert still_works.text.startswith("Hi Thandi")


async def test_a_handler_leaving_unstorable_state_fails_cleanly_instead_of_blocking(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def leaves_junk(turn: Turn) -> None:
        turn.state["junk"] = object()  # cannot be stored as JSON: fails at save, not in route
        turn.reply("never seen")

    monkeypatch.setitem(routes.CUSTOMER.commands, "jobs", Command("jobs", leaves_junk))
    thandi = scene.person()
    [apology] = await thandi.send("/jobs")
    assert apology.text.startswith(APOLOGY)
    [greeting] = await thandi.send("/start")  # the conversation goes on
    assert greeting.text.startswith("Hi Thandi")


@with_real_bank_details
async def test_a_dropped_invoice_keeps_its_number_for_the_next(
    scene: Scene,
) -> None:
    reference = await book_remote_support(scene.person(Channel.SMS, NUMBER, name=""), "Printer")
    technician = scene.technician()
    [first] = await technician.send(f"/invoice {reference}")
    [dropped] = await technician.send(option=first.options[1].id)
    assert dropped.text == "Not sent."
    [second] = await technician.send(f"/invoice {reference}")
    await technician.send(option=second.options[0].id)
    [sent] = technician.others
    assert sent.attachments[0].filename == "INV-00001.pdf"
    [bad] = await technician.send(f"/invoice {reference} cable twenty rand")
    assert bad.text.startswith('I couldn\'t read "cable twenty rand" as a line.')
