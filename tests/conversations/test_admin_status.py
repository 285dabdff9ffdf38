"""The technician moves jobs on from the admin chat; every change reaches the customer at once,
in plain words, on their own channel. The clock stands at Tuesday 24 November 2026, 10:00."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.customers import Channel
from domain.jobs import JobStatus
from domain.messages import Attachment
from domain.records import AttachmentKind
from storage.repositories.outbox import SentMark
from tests.support.bookings import book_remote_support
from tests.support.scene import Scene

NUMBER = "+27821234567"


async def test_the_queue_leads_to_a_card_with_the_next_statuses(scene: Scene) -> None:
    reference = await book_remote_support(
        scene.person(Channel.SMS, NUMBER, name=""), "Printer offline"
    )
    technician = scene.technician()
    [queue] = await technician.send("/queue")
    assert [o.label for o in queue.options] == [reference]
    [card] = await technician.send(option=queue.options[0].id)
    assert card.text.startswith(f"{reference} - Remote support session [normal]")
    assert "Customer: Thandi Mokoena, SMS, +27821234567" in card.text
    assert "When: Tue 24 Nov, 12:00 (remote)" in card.text and "Status: scheduled" in card.text
    assert [o.label for o in card.options] == [
        "On my way", "Start", "Cancel job", "Start timer", "Mark urgent",
    ]  # fmt: skip


async def test_each_status_reaches_an_sms_customer_in_plain_words(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(sms, "Printer offline")
    technician = scene.technician()
    [ask] = await technician.send(option=f"status.{reference}.on_the_way")
    assert ask.text == f"{reference}: How many minutes until you get there? (For example 20.)"
    [again] = await technician.send("soon")
    assert again.text.startswith("Please send the minutes as a number")
    [done] = await technician.send("20")
    assert done.text == f"{reference}: on the way. Told Thandi Mokoena on SMS."
    [told] = technician.others
    assert (told.channel, told.recipient) == (Channel.SMS, NUMBER)
    assert told.text == f"{reference}: the technician is on the way, about 10:20."
    await technician.send(f"/eta {reference} 35")
    assert technician.others[0].text == f"{reference}: the technician will be there about 10:35."
    await technician.send(option=f"status.{reference}.in_progress")
    assert technician.others[0].text == f"{reference}: the technician has started work."
    await technician.send(option=f"status.{reference}.waiting_on_customer")
    await technician.send("Your Wi-Fi password, please")
    assert technician.others[0].text.endswith(
        "needs something from you: Your Wi-Fi password, please"
    )
    await technician.send(option=f"status.{reference}.in_progress")
    await technician.send(option=f"status.{reference}.completed")
    await technician.send("Replaced the printer driver and cleared the queue.")
    assert technician.others[0].text.startswith(
        f"{reference} is done: Replaced the printer driver and cleared the queue."
    )
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
    assert job is not None and job.status is JobStatus.COMPLETED
    assert [e.to_status for e in job.timeline][-6:] == [
        JobStatus.SCHEDULED, JobStatus.ON_THE_WAY, JobStatus.IN_PROGRESS,
        JobStatus.WAITING_ON_CUSTOMER, JobStatus.IN_PROGRESS, JobStatus.COMPLETED,
    ]  # fmt: skip


async def test_a_forbidden_change_is_refused_with_the_allowed_ones(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "Printer offline")
    technician = scene.technician()
    [refused] = await technician.send(option=f"status.{reference}.waiting_on_parts")
    assert refused.text == f"{reference} can't go from scheduled to waiting_on_parts. It can go to:"
    assert [o.label for o in refused.options] == ["On my way", "Start", "Cancel job"]
    assert technician.others == []


async def test_a_cancelled_job_frees_its_time(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "Printer offline")
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.cancelled")
    assert technician.others[0].text.startswith(f"{reference} has been cancelled.")
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [visit] = await uow.appointments.for_job(job.id)
    assert visit.cancelled_at is not None


async def test_a_customer_naming_another_customers_job_learns_nothing(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "Secret project laptop")
    nosy = scene.person(address="6666", name="Nosy Neighbour")
    for attempt in (reference, f"/status {reference}", f"/job {reference}", f"card.{reference}"):
        for reply in await nosy.send(attempt):
            assert reference not in reply.text and "Secret" not in reply.text
    [pressed] = await nosy.send(option=f"status.{reference}.cancelled")
    assert reference not in pressed.text
    assert nosy.others == []


async def test_history_notes_and_time_are_kept_per_job(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.in_progress")  # starts the timer
    await thandi.send("The printer is on now")  # during the session: for the technician
    [relayed] = thandi.others
    assert relayed.text.startswith(f"Message from Thandi Mokoena (SMS, {NUMBER}) about {reference}")
    [private] = await technician.send(f"/note {reference} Old driver, check the spooler")
    assert private.text == f"Noted on {reference}. Only you see it."
    [visible] = await technician.send(f"/note {reference} visible Please keep the printer on")
    assert visible.text.endswith("The customer sees it under My jobs.")
    [logged] = await technician.send(f"/time {reference} +1h30m")
    assert logged.text == f"Logged 90 min on {reference}. Total: 90 min (timer running)."
    [bad] = await technician.send(f"/time {reference} lots")
    assert bad.text.startswith(f"Write the time as /time {reference} +45m")
    [history] = await technician.send(f"/history {reference}")
    assert history.text.endswith("Thandi Mokoena: The printer is on now")
    [card] = await technician.send(f"/job {reference}")
    assert "Note: Old driver, check the spooler" in card.text
    assert "Note (customer sees it): Please keep the printer on" in card.text
    assert "Time logged: 90 min" in card.text
    [jobs] = await thandi.send("my jobs")
    assert "Note: Please keep the printer on" in jobs.text and "spooler" not in jobs.text


async def test_a_captioned_photo_is_stored_with_the_job_and_forwarded(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    after = Attachment("inbound/70/0-after.jpg", "image/jpeg", "after.jpg")
    [done] = await technician.send(f"{reference} after", media=(after,))
    assert done.text == f"Stored 1 file on {reference}. Told Thandi Mokoena on SMS."
    [sent] = technician.others
    assert sent.recipient == NUMBER and [a.filename for a in sent.attachments] == ["after.jpg"]
    assert sent.text == f"{reference}: from the technician (after)."
    secret = Attachment("inbound/71/0-router.png", "image/png", "router.png")
    [kept] = await technician.send(f"{reference} private", media=(secret,))
    assert kept.text.endswith("(private: the customer doesn't see them).")
    assert technician.others == []
    [unnamed] = await technician.send("", media=(secret,))
    assert unnamed.text.startswith("Which job is it for?")
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        files = await uow.records.files(job.id)
    assert [(f.kind, f.filename, f.visible_to_customer) for f in files] == [
        (AttachmentKind.AFTER, "after.jpg", True),
        (AttachmentKind.SCREENSHOT, "router.png", False),
    ]
    assert files[0].key == sent.attachments[0].ref  # what the customer got is what was kept


async def test_a_photo_a_customer_sends_during_a_job_is_kept_with_it(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    photo = Attachment("inbound/72/0-error.jpg", "image/jpeg", "error.jpg")
    await thandi.send("this is the error", media=(photo,))
    [relayed] = thandi.others
    assert [a.filename for a in relayed.attachments] == ["error.jpg"] and reference in relayed.text
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [kept] = await uow.records.files(job.id)
    assert (kept.kind, kept.key) == (AttachmentKind.CUSTOMER_UPLOAD, relayed.attachments[0].ref)


async def test_the_queue_puts_urgent_first_then_the_soonest_visit(scene: Scene) -> None:
    later = await book_remote_support(scene.person(address="5551"), "Printer")  # Tue 12:00
    sooner = await book_remote_support(
        scene.person(address="5552", name="Sipho"), "Router"
    )  # 13:00
    technician = scene.technician()
    [queue] = await technician.send("/queue")
    assert [o.label for o in queue.options] == [later, sooner]
    [flagged] = await technician.send(f"/urgent {sooner}")
    assert flagged.text == f"{sooner} is urgent: first in the queue."
    [queue] = await technician.send("/queue")
    assert [o.label for o in queue.options] == [sooner, later]


async def test_today_lists_the_visits_with_the_drive_to_each(scene: Scene) -> None:
    thandi = scene.person()
    for text in ("/book", "Wi-Fi drops"):
        await thandi.send(text)
    await thandi.send(option="service.wifi-network-setup")
    await thandi.send(option="area.Sydenham")
    await thandi.send("12 Main Road")
    await thandi.send(option="slot.2026-11-24T13:00:00+02:00")
    await thandi.send(phone="+27 82 123 4567")
    await thandi.send("yes")
    technician = scene.technician()
    [today] = await technician.send("/today")
    assert today.text == (
        "Tue 24 Nov\n  13:00-15:00 BG-1001 Wi-Fi and network set-up, Sydenham (drive 10 min)"
    )
    [week] = await technician.send("/week")
    assert week.text.startswith("Tue 24 Nov\n")


async def test_the_card_starts_and_stops_the_timer_and_flags_urgent(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "Printer offline")
    technician = scene.technician()
    [card] = await technician.send(f"/job {reference}")
    assert [o.label for o in card.options][-2:] == ["Start timer", "Mark urgent"]
    [started] = await technician.send(option=f"job_action.{reference}.timer_start")
    assert started.text == f"{reference}: timer started. Total: 0 min (timer running)."
    scene.clock.advance(minutes=25)
    [stopped] = await technician.send(option=f"job_action.{reference}.timer_stop")
    assert stopped.text == f"{reference}: timer stopped. Total: 25 min."
    [urgent] = await technician.send(option=f"job_action.{reference}.urgent")
    assert urgent.text == f"{reference} is urgent: first in the queue."
    [card] = await technician.send(f"/job {reference}")
    assert "[urgent]" in card.text and "Time logged: 25 min" in card.text
    assert [o.label for o in card.options][-1] == "Start timer"


async def test_waiting_on_parts_and_back_to_the_schedule_are_told_too(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(Channel.SMS, NUMBER, name=""), "Slow PC")
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.in_progress")
    await technician.send(option=f"status.{reference}.waiting_on_parts")
    assert technician.others[0].text == (
        f"{reference}: we're waiting for parts and will let you know when they arrive."
    )
    [card] = await technician.send(f"/job {reference}")
    assert "Back to scheduled" in [o.label for o in card.options]
    await technician.send(option=f"status.{reference}.scheduled")
    assert technician.others[0].text == f"{reference} is back on the schedule."


async def test_an_answer_to_the_technicians_message_reaches_the_technician(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Slow PC")
    technician = scene.technician()
    await technician.send(f"/say {reference} Is the PC at home or at the office?")
    [passed] = await thandi.send("At home, in the study")
    assert passed.text.startswith("Passed on to the technician")
    [relayed] = thandi.others
    assert relayed.text.startswith(f"Message from Thandi Mokoena (SMS, {NUMBER}) about {reference}")


async def test_the_technician_reaches_the_channel_written_on_last_within_the_minute(
    scene: Scene,
) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(sms, "Slow PC")
    whatsapp = scene.person(Channel.WHATSAPP, NUMBER, name="")
    technician = scene.technician()
    for writer in (whatsapp, sms, whatsapp):
        scene.clock.advance(seconds=10)
        await writer.send("hi")
        await technician.send(f"/say {reference} Noted.")
        assert [m.channel for m in technician.others] == [writer.channel]


async def delivered_as(scene: Scene, text: str, platform_id: str) -> None:
    """The admin-chat message containing `text` was delivered as `platform_id` (nothing is
    really sent in these tests)."""
    async with scene.unit_of_work() as uow:
        rows = await uow.outbox.claim_due(datetime(2100, 1, 1, tzinfo=UTC), timedelta(0), 500)
        [row] = [r for r in rows if text in r.message.text]
        await uow.outbox.mark_sent([SentMark(row.id, platform_id, scene.clock.now())])
        await uow.commit()


async def test_a_reply_to_a_customer_goes_to_that_customer_even_mid_question(
    scene: Scene,
) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    first = await book_remote_support(thandi, "Slow PC")
    bob = scene.person(address="5560", name="Bob")
    await book_remote_support(bob, "Printer")
    technician = scene.technician()
    await technician.send(option=f"status.{first}.in_progress")
    await technician.send(option=f"status.{first}.completed")  # asks for a summary...
    await bob.send("talk")
    await bob.send("Are you coming?")
    await delivered_as(scene, "Are you coming?", "4242")
    photo = Attachment("inbound/80/0-plan.jpg", "image/jpeg", "plan.jpg")
    [sent] = await technician.send("Yes, at 3pm", reply_to="4242", media=(photo,))
    assert sent.text == "Sent to Bob on Telegram."
    [answer] = technician.others
    assert answer.recipient == "5560" and answer.text.endswith("technician: Yes, at 3pm")
    assert [a.filename for a in answer.attachments] == ["plan.jpg"]
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(first)
    assert job is not None and job.status is JobStatus.IN_PROGRESS  # not "completed: Yes, at 3pm"


async def test_a_stale_status_button_is_refused_not_crashed(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "Slow PC")
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.in_progress")
    [refused] = await technician.send(option=f"status.{reference}.on_the_way")
    assert refused.text == f"{reference} can't go from in_progress to on_the_way. It can go to:"


async def test_on_my_way_to_a_visit_days_off_is_asked_about_first(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    for text in ("book", "Printer offline", "1", "Friday 10am", "Thandi Mokoena"):
        await sms.send(text)
    [booked] = await sms.send("1")
    reference = booked.text.removeprefix("Booked! ").split(":")[0]
    technician = scene.technician()
    [asked] = await technician.send(option=f"status.{reference}.on_the_way")
    assert asked.text == (
        f"{reference}'s visit is booked for Fri 27 Nov, 10:00, more than a day away. "
        "Are you on your way to it now?"
    )
    assert [o.label for o in asked.options] == ["Yes, on my way now", "No"]
    assert technician.others == []  # the customer is told nothing yet
    [card] = await technician.send(option=asked.options[1].id)
    assert card.text.startswith(f"{reference} - ") and "Status: scheduled" in card.text
    await technician.send(option=asked.options[0].id)
    [done] = await technician.send("20")
    assert done.text == f"{reference}: on the way. Told Thandi Mokoena on SMS."


async def test_the_card_and_the_queue_read_as_words(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    problem = "The laptop screen flickers whenever the charger is plugged in and then goes black"
    for text in ("book", problem, "6", "Lombardy East", "12 Pretoria Road, Lombardy East", "1"):
        await sms.send(text)
    [summary] = await sms.send("Thandi Mokoena")
    assert "12 Pretoria Road, Lombardy East. Book it?" in summary.text  # the suburb once
    await sms.send("1")
    technician = scene.technician()
    [queue] = await technician.send("/queue")
    assert "The laptop screen flickers whenever the charger is plugged…\n" in queue.text + "\n"
    [card] = await technician.send(option=queue.options[0].id)
    assert "Where: 12 Pretoria Road, Lombardy East\n" in card.text
    assert "When: Tue 24 Nov, 12:00 (on site)" in card.text
