"""Reminders, surveys and the other scheduled messages, with the clock moved by hand. The clock
starts at Tuesday 24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.intake.dispatcher import Dispatcher
from bot.scheduled.follow_up_poller import FollowUpPoller
from domain.customers import Channel
from domain.follow_ups import FollowUp, FollowUpKind
from domain.messages import Outbound
from handlers.kernel.services import Services
from storage.database import create_sessionmaker
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ADMIN, OutboxOnly, book_remote_support
from tests.integration.test_changes import book_friday_at_ten
from tests.support.chat import Person, Transcript
from tests.support.clock import MovableClock

SAST = ZoneInfo("Africa/Johannesburg")


def sast(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SAST)


def process(engine: AsyncEngine, services: Services) -> FollowUpPoller:
    """One service process's poller, writing to the outbox only."""
    return FollowUpPoller(create_sessionmaker(engine), services, outlet=OutboxOnly())


@pytest.fixture
def poller(engine: AsyncEngine, turn_services: Services) -> FollowUpPoller:
    return process(engine, turn_services)


@pytest.fixture
def transcript(service: tuple[Dispatcher, Transcript]) -> Transcript:
    """The people's own transcript: what the poller sends is not news to their next turn."""
    return service[1]


async def pending(unit_of_work: Callable[[], SqlUnitOfWork], reference: str) -> list[FollowUp]:
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        return await uow.follow_ups.pending_for_job(job.id)


async def fired_at(
    moment: datetime, clock: MovableClock, poller: FollowUpPoller, transcript: Transcript
) -> list[Outbound]:
    """Everything the poller sent when run at `moment` (admin agendas left out)."""
    await transcript.new()
    clock.at = moment
    await poller.run()
    return [m for m in await transcript.new() if not m.text.startswith("Good morning!")]


def due_times(follow_ups: list[FollowUp]) -> list[tuple[FollowUpKind, datetime]]:
    return [(f.kind, f.due_at.astimezone(SAST)) for f in follow_ups]


async def test_a_booking_plans_both_reminders_which_arrive_on_time(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_friday_at_ten(thandi)
    assert due_times(await pending(unit_of_work, reference)) == [
        (FollowUpKind.REMINDER, sast(26, 10)),
        (FollowUpKind.REMINDER, sast(27, 9)),
    ]
    assert await fired_at(sast(26, 9, 59), clock, poller, transcript) == []
    [day_before] = await fired_at(sast(26, 10), clock, poller, transcript)
    assert (day_before.channel, day_before.recipient) == (Channel.TELEGRAM, thandi.address)
    assert day_before.text == (
        f"Reminder: {reference}, Remote support session, tomorrow at 10:00, remotely."
    )
    assert [o.label for o in day_before.options] == ["Move or call it off", "No more reminders"]
    assert await fired_at(sast(26, 10, 1), clock, poller, transcript) == []  # sent once
    [hour_before] = await fired_at(sast(27, 9), clock, poller, transcript)
    assert hour_before.text.endswith("today at 10:00, remotely.")
    assert await pending(unit_of_work, reference) == []


async def test_a_reschedule_moves_the_reminders(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_friday_at_ten(thandi)
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send("Monday 9am")
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Done: {reference} is now on Mon 30 Nov, 09:00.")
    assert due_times(await pending(unit_of_work, reference)) == [
        (FollowUpKind.REMINDER, sast(29, 9)),
        (FollowUpKind.REMINDER, sast(30, 8)),
    ]
    assert await fired_at(sast(26, 10), clock, poller, transcript) == []  # the old time's
    [reminder] = await fired_at(sast(29, 9), clock, poller, transcript)
    assert reminder.text.endswith("tomorrow at 09:00, remotely.")


async def test_a_cancel_removes_the_reminders(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_friday_at_ten(thandi)
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Called off: {reference}")
    assert await pending(unit_of_work, reference) == []
    assert await fired_at(sast(26, 10), clock, poller, transcript) == []
    assert await fired_at(sast(27, 9), clock, poller, transcript) == []


async def test_a_job_cancelled_by_the_technician_loses_its_reminders(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
) -> None:
    reference = await book_friday_at_ten(person())
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    await technician.send(option=f"status.{reference}.cancelled")
    assert await pending(unit_of_work, reference) == []


async def complete(person: Callable[..., Person], reference: str) -> None:
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    await technician.send(option=f"status.{reference}.in_progress")
    await technician.send(option=f"status.{reference}.completed")
    await technician.send("Reset the router.")


async def test_a_survey_after_dark_waits_for_the_morning(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_remote_support(thandi, "No internet")
    clock.at = sast(24, 18, 30)  # finished late: the survey would come at 20:30
    await complete(person, reference)
    survey, _ = due_times(await pending(unit_of_work, reference))
    assert survey == (FollowUpKind.SURVEY, sast(25, 7))
    assert await fired_at(sast(24, 20, 30), clock, poller, transcript) == []
    assert await fired_at(sast(25, 6, 59), clock, poller, transcript) == []
    [asked] = await fired_at(sast(25, 7), clock, poller, transcript)
    assert asked.text.startswith(f"How did we do with {reference}")


async def test_a_reminder_found_due_in_quiet_hours_is_deferred_to_their_end(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    """The service was down at 10:00 and comes back at 21:00: the reminder waits until 07:00."""
    reference = await book_friday_at_ten(person())
    assert await fired_at(sast(26, 21), clock, poller, transcript) == []
    [reminder, _] = due_times(await pending(unit_of_work, reference))
    assert reminder == (FollowUpKind.REMINDER, sast(27, 7))
    [late] = await fired_at(sast(27, 7), clock, poller, transcript)
    assert late.text.endswith("today at 10:00, remotely.")


async def test_a_survey_score_of_two_alerts_the_technician_at_once(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    sms = person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(sms, "No internet")
    clock.at = sast(24, 13)
    await complete(person, reference)
    [asked] = await fired_at(sast(24, 15), clock, poller, transcript)
    assert [o.label for o in asked.options] == ["Very poor", "Poor", "OK", "Good", "Excellent"]
    [thanks] = await sms.send("2")  # typed, as on SMS
    assert thanks.text.startswith("Thank you, and sorry it wasn't better.")
    [alert] = sms.others
    assert alert.recipient == ADMIN.address
    assert alert.text.startswith(f"Low rating: {reference} got 2/5 from Thandi Mokoena (SMS")
    [done] = await sms.send("The technician was late")
    assert done.text == "Thank you for telling us!"
    [comment] = sms.others
    assert comment.text.endswith("The technician was late")
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        answer = await uow.surveys.for_job(job.id)
    assert answer is not None and (answer.score, answer.comment) == (2, "The technician was late")


async def test_a_good_score_is_kept_without_an_alert(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_remote_support(thandi, "No internet")
    clock.at = sast(24, 13)
    await complete(person, reference)
    [asked] = await fired_at(sast(24, 15), clock, poller, transcript)
    await thandi.send(option=asked.options[4].id)
    assert thandi.others == []
    await thandi.send("menu")  # no comment
    assert await fired_at(sast(24, 16), clock, poller, transcript) == []


async def test_no_reminders_stops_reminders_but_not_job_updates(
    person: Callable[..., Person],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    reference = await book_friday_at_ten(thandi)
    [off] = await thandi.send("NO REMINDERS")
    assert off.text.startswith("OK, no more reminders. You'll still get updates")
    assert await fired_at(sast(26, 10), clock, poller, transcript) == []
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    await technician.send(option=f"status.{reference}.on_the_way")
    await technician.send("20")
    assert technician.others[0].recipient == thandi.address  # the job's update still goes
    await thandi.send("reminders on")
    await technician.send(option=f"status.{reference}.scheduled")
    [reminder] = await fired_at(sast(27, 9), clock, poller, transcript)
    assert reminder.text.endswith("today at 10:00, remotely.")


async def test_the_reminders_button_turns_them_off(
    person: Callable[..., Person],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    thandi = person()
    await book_friday_at_ten(thandi)
    [reminder] = await fired_at(sast(26, 10), clock, poller, transcript)
    [off] = await thandi.send(option=reminder.options[1].id)
    assert off.text.startswith("OK, no more reminders.")
    assert await fired_at(sast(27, 9), clock, poller, transcript) == []


async def test_the_technician_gets_the_days_agenda_every_morning(
    person: Callable[..., Person],
    clock: MovableClock,
    poller: FollowUpPoller,
    transcript: Transcript,
) -> None:
    reference = await book_friday_at_ten(person())
    await poller.run()  # plans today's (already past) and tomorrow's
    await transcript.new()
    clock.at = sast(27, 7)
    await poller.run()
    [agenda] = [m for m in await transcript.new() if m.recipient == ADMIN.address]
    assert agenda.text.startswith("Good morning! Today:\nFri 27 Nov")
    assert reference in agenda.text
