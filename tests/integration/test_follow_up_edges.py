"""Scheduled messages at their edges: a visit moved back, a survey among other conversation,
the maintenance and unpaid-invoice reminders, the agenda with two pollers. The clock starts at
Tuesday 24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.twilio_text import GSM7, to_gsm7, with_numbered_options
from bot.scheduled.follow_up_poller import FollowUpPoller
from domain.customers import Channel
from domain.follow_ups import FollowUpKind
from domain.invoices import Invoice, InvoiceLine, InvoiceStatus
from domain.messages import Outbound
from storage.database import create_sessionmaker
from storage.repositories.common import Stored
from storage.tables import InvoiceRow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.bookings import book_friday_at_ten, book_remote_support
from tests.support.business import with_real_bank_details
from tests.support.chat import Person
from tests.support.follow_ups import complete, due_times, sast
from tests.support.scene import ADMIN, OutboxOnly, Scene

WEEK = timedelta(days=7)


async def move(thandi: Person, reference: str, when: str) -> None:
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send(when)
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Done: {reference} is now on"), done.text


async def test_a_visit_moved_away_and_back_is_reminded_of_again(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    await move(thandi, reference, "Monday 9am")
    await move(thandi, reference, "Friday 10am")
    assert due_times(await scene.pending(reference)) == [
        (FollowUpKind.REMINDER, sast(26, 10)),
        (FollowUpKind.REMINDER, sast(27, 9)),
    ]
    [reminder] = await scene.fired_at(sast(26, 10))
    assert reminder.text.endswith("tomorrow at 10:00, remotely.")
    assert await scene.fired_at(sast(29, 9)) == []  # Monday's is gone


async def asked_survey(scene: Scene, customer: Person) -> str:
    reference = await book_remote_support(customer, "No internet")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    [asked] = await scene.fired_at(sast(24, 15))
    assert asked.text.startswith(f"How did we do with {reference}")
    return reference


async def test_a_menu_choice_typed_after_an_unanswered_survey_is_no_rating(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    await asked_survey(scene, sms)
    [menu] = await sms.send("menu")
    assert menu.options[0].label.startswith("Book")
    [answer] = await sms.send("1")  # Book, from the menu just shown
    assert not answer.text.startswith("Thank you")
    assert sms.others == []  # no "Low rating" for the technician


async def test_a_score_out_of_range_is_asked_again(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    await asked_survey(scene, sms)
    [again] = await sms.send("7")
    assert again.text == "Please choose a number from 1 (very poor) to 5 (excellent)."
    assert [o.label for o in again.options] == ["Very poor", "Poor", "OK", "Good", "Excellent"]
    [thanks] = await sms.send("5/5")
    assert thanks.text.startswith("Thank you!")


async def test_a_score_with_its_comment_typed_in_one_message(scene: Scene) -> None:
    whatsapp = scene.person(Channel.WHATSAPP, "+27821234567", name="")
    reference = await asked_survey(scene, whatsapp)
    [thanks] = await whatsapp.send("3 - slow but sorted")
    assert thanks.text == "Thank you for telling us!"
    [alert] = whatsapp.others
    assert alert.text.startswith(f"Low rating: {reference} got 3/5")
    assert alert.text.endswith('Comment: "slow but sorted"')


async def test_answering_the_survey_twice_alerts_the_technician_once(scene: Scene) -> None:
    thandi = scene.person()
    reference = await asked_survey(scene, thandi)
    button = f"survey.{reference}.2"
    await thandi.send(option=button)
    assert len(thandi.others) == 1
    [again] = await thandi.send(option=button)  # a second tap on the same button
    assert again.text == "You rated it 2/5 already. Thank you!"
    assert thandi.others == []


async def test_a_survey_waits_while_the_customer_is_busy_with_something_else(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    scene.clock.at = sast(24, 14, 55)
    await thandi.send("book")  # a new booking, choosing its service when the survey falls due
    [services] = await thandi.send("Printer offline")
    assert services.options
    assert await scene.fired_at(sast(24, 15)) == []
    [asked] = await scene.fired_at(sast(24, 15, 30))  # the flow lapsed
    assert asked.text.startswith(f"How did we do with {reference}")
    assert len(asked.options) == 5
    [thanks] = await thandi.send("5")
    assert thanks.text.startswith("Thank you!")


async def test_a_survey_reaches_a_customer_still_talking_to_the_technician(scene: Scene) -> None:
    """The chat opened during the session stays open; the survey comes with its options, and
    a typed "4" is a rating, not a message for the technician."""
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(sms, "No internet")
    scene.clock.at = sast(24, 12, 30)
    await sms.send("talk")
    await sms.send("Is the router meant to blink orange?")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    [asked] = await scene.fired_at(sast(24, 15))
    assert [o.label for o in asked.options] == ["Very poor", "Poor", "OK", "Good", "Excellent"]
    [thanks] = await sms.send("4")
    assert thanks.text.startswith("Thank you!")
    assert sms.others == []  # nothing relayed to the technician
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        answer = await uow.surveys.for_job(job.id)
    assert answer is not None and answer.score == 4


async def test_a_maintenance_reminder_comes_months_after_completion(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await thandi.send("check-ups on")  # only with their yes (POPIA)
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    await scene.fired_at(sast(24, 15))  # the survey
    [(kind, due)] = due_times(await scene.pending(reference))
    assert (kind, due.date().isoformat(), due.hour) == (FollowUpKind.MAINTENANCE, "2027-05-24", 13)
    assert await scene.fired_at(due - timedelta(minutes=1)) == []
    [check_up] = await scene.fired_at(due)
    assert check_up.text.startswith("Hi Thandi, it's been 6 months since we did")
    assert reference in check_up.text
    assert [o.label for o in check_up.options][-1] == "Check-ups off"


async def test_no_maintenance_reminder_for_a_customer_who_wants_none(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    await thandi.send("NO REMINDERS")
    [survey] = await scene.fired_at(sast(24, 15))  # the survey still comes
    assert survey.text.startswith("How did we do")
    assert await scene.fired_at(sast(24, 15) + timedelta(days=200)) == []


async def issue_invoice(scene: Scene, reference: str) -> None:
    """The technician sends the job's invoice, R550.00, at 16:00 on the 24th."""
    scene.clock.at = sast(24, 16)
    technician = scene.technician()
    [draft] = await technician.send(f"/invoice {reference}")
    await technician.send(option=draft.options[0].id)


async def invoice_issued_unseen(scene: Scene, reference: str) -> int:
    """An invoice issued with no reminder planned: by a version that left planning to the
    poller, or while the business file had unpaid_invoice_after_days = 0."""
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        draft = await uow.invoices.add(
            Invoice(job.id, job.customer_id, [InvoiceLine("Remote support", Decimal(1), 55000)])
        )
        invoice = await uow.invoices.issue(draft, sast(24, 16))
        await uow.commit()
    assert invoice.id is not None
    return invoice.id


async def set_invoice_status(engine: AsyncEngine, invoice_id: int, status: InvoiceStatus) -> None:
    async with create_sessionmaker(engine)() as session:
        await session.execute(
            update(InvoiceRow).where(InvoiceRow.id == invoice_id).values(status=status)
        )
        await session.commit()


@with_real_bank_details
async def test_an_unpaid_invoice_is_reminded_of_after_a_week(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await issue_invoice(scene, reference)
    assert (FollowUpKind.UNPAID_INVOICE, sast(24, 16) + WEEK) in due_times(
        await scene.pending(reference)
    )  # planned as it was issued
    assert await scene.fired_at(sast(24, 15, 59) + WEEK) == []
    [reminder] = await scene.fired_at(sast(24, 16) + WEEK)
    assert reminder.recipient == thandi.address
    assert reminder.text.startswith("Hi Thandi, a friendly reminder: invoice INV-00001 for ")
    assert "R550.00, is still open" in reminder.text
    assert await scene.fired_at(sast(24, 17) + WEEK) == []  # once


async def test_an_invoice_issued_without_its_reminder_gets_it_from_a_new_process(
    scene: Scene,
) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await invoice_issued_unseen(scene, reference)
    scene.clock.at = sast(25, 9)
    await scene.another_process().run()  # started after the upgrade, or with reminders on
    [reminder] = await scene.fired_at(sast(24, 16) + WEEK)
    assert reminder.text.startswith("Hi Thandi, a friendly reminder: invoice INV-00001 for ")


@with_real_bank_details
async def test_a_paid_or_void_invoice_gets_no_reminder(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "No internet")
    other = await book_remote_support(scene.person(Channel.SMS, "+27821234567"), "Printer")
    await issue_invoice(scene, reference)
    await issue_invoice(scene, other)
    await scene.fired_at(sast(24, 16, 1))
    await set_invoice_status(scene.engine, 1, InvoiceStatus.PAID)
    await set_invoice_status(scene.engine, 2, InvoiceStatus.VOID)
    assert await scene.fired_at(sast(24, 16) + WEEK) == []


@with_real_bank_details
async def test_an_invoice_issued_before_completion_is_still_reminded_of(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await issue_invoice(scene, reference)
    scene.clock.at = sast(24, 17)
    await complete(scene, reference)
    reminders = await scene.fired_at(sast(24, 16) + WEEK)
    assert any(m.text.startswith("Hi Thandi, a friendly reminder: invoice") for m in reminders)


async def test_the_agenda_goes_once_a_day_with_two_processes_and_a_restart(scene: Scene) -> None:
    await book_friday_at_ten(scene.person())
    one, two = scene.another_process(), scene.another_process()
    await asyncio.gather(one.run(), two.run())
    await scene.transcript.new()
    scene.clock.at = sast(25, 7)
    await asyncio.gather(one.run(), two.run())
    scene.clock.at = sast(25, 7, 5)
    await scene.another_process().run()  # a restarted process
    agendas = [m for m in await scene.transcript.new() if m.recipient == ADMIN.address]
    assert [m.text.split("\n")[0] for m in agendas] == ["Good morning! Today:"]


async def test_a_booking_made_less_than_a_day_ahead_gets_only_the_hour_before(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "No internet")  # today at 12:00
    assert due_times(await scene.pending(reference)) == [(FollowUpKind.REMINDER, sast(24, 11))]


@with_real_bank_details
async def test_every_follow_up_reads_in_two_plain_sms_segments(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(sms, "No internet")
    await sms.send("CHECK-UPS ON")
    said = await scene.fired_at(sast(24, 11))  # the hour before
    await issue_invoice(scene, reference)
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    said += await scene.fired_at(sast(24, 15))  # the survey
    await sms.send("5")
    await sms.send("menu")
    said += await scene.fired_at(sast(24, 16) + WEEK)  # the invoice
    said += await scene.fired_at(sast(24, 13) + timedelta(days=200))
    assert len(said) == 4
    for message in said:
        text = to_gsm7(with_numbered_options(message.text, message.options))
        assert all(char in GSM7 for char in text), text
        assert len(text) <= 2 * 153, text


class CrashingOutlet(OutboxOnly):
    """The process dies after the claim, before the commit."""

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound], now: datetime
    ) -> list[Stored[Outbound]]:
        raise SystemExit("killed")


async def test_a_crash_between_claim_and_commit_leaves_the_reminder_to_the_next_round(
    scene: Scene,
) -> None:
    await book_friday_at_ten(scene.person())
    dying = FollowUpPoller(
        create_sessionmaker(scene.engine),
        replace(scene.services, admins=()),
        outlet=CrashingOutlet(),
    )
    scene.clock.at = sast(26, 10)
    with pytest.raises(SystemExit):
        await dying.run()
    [reminder] = await scene.fired_at(sast(26, 10, 1))
    assert reminder.text.endswith("tomorrow at 10:00, remotely.")
    assert await scene.fired_at(sast(26, 10, 2)) == []


async def test_a_job_completed_before_its_visit_is_not_reminded_of(scene: Scene) -> None:
    reference = await book_friday_at_ten(scene.person())
    await complete(scene, reference)  # sorted on Tuesday already
    said = await scene.fired_at(sast(26, 10))
    said += await scene.fired_at(sast(27, 9))
    assert [m.text.split(" ")[0] for m in said] == ["How"]  # the survey; no reminder


async def test_stop_on_sms_silences_the_reminders_there(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567")
    reference = await book_friday_at_ten(sms)
    [unsubscribed] = await sms.send("STOP")
    assert unsubscribed.text.startswith("You're unsubscribed")
    assert await scene.fired_at(sast(26, 10)) == []
    assert await scene.pending(reference) != []  # the hour before: looked at when due
    await sms.send("START")
    [reminder] = await scene.fired_at(sast(27, 9))
    assert reminder.recipient == sms.address
