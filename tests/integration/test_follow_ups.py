"""Reminders, surveys and the other scheduled messages, with the clock moved by hand. The clock
starts at Tuesday 24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

from domain.customers import Channel
from domain.follow_ups import FollowUpKind
from tests.support.bookings import book_friday_at_ten, book_remote_support
from tests.support.follow_ups import complete, due_times, sast
from tests.support.scene import ADMIN, Scene


async def test_a_booking_plans_both_reminders_which_arrive_on_time(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    assert due_times(await scene.pending(reference)) == [
        (FollowUpKind.REMINDER, sast(26, 10)),
        (FollowUpKind.REMINDER, sast(27, 9)),
    ]
    assert await scene.fired_at(sast(26, 9, 59)) == []
    [day_before] = await scene.fired_at(sast(26, 10))
    assert (day_before.channel, day_before.recipient) == (Channel.TELEGRAM, thandi.address)
    assert day_before.text == (
        f"Reminder: {reference}, Remote support session, tomorrow at 10:00, remotely."
    )
    assert [o.label for o in day_before.options] == ["Move or call it off", "No more reminders"]
    assert await scene.fired_at(sast(26, 10, 1)) == []  # sent once
    [hour_before] = await scene.fired_at(sast(27, 9))
    assert hour_before.text.endswith("today at 10:00, remotely.")
    assert await scene.pending(reference) == []


async def test_a_reschedule_moves_the_reminders(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send("Monday 9am")
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Done: {reference} is now on Mon 30 Nov, 09:00.")
    assert due_times(await scene.pending(reference)) == [
        (FollowUpKind.REMINDER, sast(29, 9)),
        (FollowUpKind.REMINDER, sast(30, 8)),
    ]
    assert await scene.fired_at(sast(26, 10)) == []  # the old time's
    [reminder] = await scene.fired_at(sast(29, 9))
    assert reminder.text.endswith("tomorrow at 09:00, remotely.")


async def test_a_cancel_removes_the_reminders(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Called off: {reference}")
    assert await scene.pending(reference) == []
    assert await scene.fired_at(sast(26, 10)) == []
    assert await scene.fired_at(sast(27, 9)) == []


async def test_a_job_cancelled_by_the_technician_loses_its_reminders(scene: Scene) -> None:
    reference = await book_friday_at_ten(scene.person())
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.cancelled")
    assert await scene.pending(reference) == []


async def test_a_survey_after_dark_waits_for_the_morning(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    scene.clock.at = sast(24, 18, 30)  # finished late: the survey would come at 20:30
    await complete(scene, reference)
    survey, _ = due_times(await scene.pending(reference))
    assert survey == (FollowUpKind.SURVEY, sast(25, 7))
    assert await scene.fired_at(sast(24, 20, 30)) == []
    assert await scene.fired_at(sast(25, 6, 59)) == []
    [asked] = await scene.fired_at(sast(25, 7))
    assert asked.text.startswith(f"How did we do with {reference}")


async def test_a_reminder_found_due_in_quiet_hours_is_deferred_to_their_end(scene: Scene) -> None:
    """The service was down at 10:00 and comes back at 21:00: the reminder waits until 07:00."""
    reference = await book_friday_at_ten(scene.person())
    assert await scene.fired_at(sast(26, 21)) == []
    [reminder, _] = due_times(await scene.pending(reference))
    assert reminder == (FollowUpKind.REMINDER, sast(27, 7))
    [late] = await scene.fired_at(sast(27, 7))
    assert late.text.endswith("today at 10:00, remotely.")


async def test_a_survey_score_of_two_alerts_the_technician_at_once(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(sms, "No internet")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    [asked] = await scene.fired_at(sast(24, 15))
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
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        answer = await uow.surveys.for_job(job.id)
    assert answer is not None and (answer.score, answer.comment) == (2, "The technician was late")


async def test_a_good_score_is_kept_without_an_alert(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    [asked] = await scene.fired_at(sast(24, 15))
    await thandi.send(option=asked.options[4].id)
    assert thandi.others == []
    await thandi.send("menu")  # no comment
    assert await scene.fired_at(sast(24, 16)) == []


async def test_no_reminders_stops_reminders_but_not_job_updates(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    [off] = await thandi.send("NO REMINDERS")
    assert off.text.startswith("OK, no more reminders. You'll still get updates")
    assert await scene.fired_at(sast(26, 10)) == []
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.on_the_way")
    await technician.send("20")
    assert technician.others[0].recipient == thandi.address  # the job's update still goes
    await thandi.send("reminders on")
    await technician.send(option=f"status.{reference}.scheduled")
    [reminder] = await scene.fired_at(sast(27, 9))
    assert reminder.text.endswith("today at 10:00, remotely.")


async def test_the_reminders_button_turns_them_off(scene: Scene) -> None:
    thandi = scene.person()
    await book_friday_at_ten(thandi)
    [reminder] = await scene.fired_at(sast(26, 10))
    [off] = await thandi.send(option=reminder.options[1].id)
    assert off.text.startswith("OK, no more reminders.")
    assert await scene.fired_at(sast(27, 9)) == []


async def test_the_technician_gets_the_days_agenda_every_morning(scene: Scene) -> None:
    reference = await book_friday_at_ten(scene.person())
    await scene.poller.run()  # plans today's (already past) and tomorrow's
    await scene.transcript.new()
    scene.clock.at = sast(27, 7)
    await scene.poller.run()
    [agenda] = [m for m in await scene.transcript.new() if m.recipient == ADMIN.address]
    assert agenda.text.startswith("Good morning! Today:\nFri 27 Nov")
    assert reference in agenda.text
