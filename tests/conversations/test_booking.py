"""Booking in chat, as transcripts through the real dispatcher and database. The clock stands
at Tuesday 24 November 2026, 10:00 in Johannesburg; bookings need two hours' notice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.channels.twilio_text import to_gsm7, with_numbered_options
from domain.appointments import VisitMode
from domain.customers import Channel
from domain.jobs import JobStatus
from domain.messages import Attachment, Outbound
from handlers.customer.menu import BOOK
from tests.stubs.twilio_phone import num_segments
from tests.support.bookings import book_remote_support, choose_service
from tests.support.chat import labels
from tests.support.scene import ADMIN, Scene

SAST = ZoneInfo("Africa/Johannesburg")
NUMBER = "+27821234567"


def as_sms(message: Outbound) -> str:
    return to_gsm7(with_numbered_options(message.text, message.options))


async def test_a_whole_booking_with_telegram_buttons(scene: Scene) -> None:
    thandi = scene.person()
    [problem] = await thandi.send(option=BOOK.id)
    assert problem.text.startswith("What's going wrong?")
    [service] = await thandi.send("My laptop is slow and full of pop-ups")
    assert "Virus and malware removal (from R750)" in labels(service)
    [mode] = await thandi.send(option="service.virus-removal")
    assert labels(mode) == ["Remotely (we connect to your computer)", "At my place"]
    [area] = await thandi.send(option="mode.on_site")
    assert "Sydenham" in labels(area) and area.text.startswith("Which area are you in?")
    [address] = await thandi.send(option="area.Sydenham")
    assert address.text == "And the street address in Sydenham?"
    [times] = await thandi.send("12 Main Road")
    # The list follows the words that lead into it; typing a time instead is said before.
    assert (
        times.text == 'Here are the next free times (or type a day and time, like "Friday 10am"):'
    )
    assert labels(times)[0] == "Tue 24 Nov, 12:00" and labels(times)[-1] == "Another day"
    [phone] = await thandi.send(option=times.options[0].id)
    assert phone.request_contact and "phone number" in phone.text
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text == (
        "Please check: Virus and malware removal on Tue 24 Nov, 12:00, "
        "at 12 Main Road, Sydenham. Book it?"
    )
    [booked] = await thandi.send(option="booking.yes")
    assert booked.text.startswith(
        "Booked! BG-1001: Virus and malware removal on Tue 24 Nov, 12:00, at 12 Main Road, "
        "Sydenham. The technician will message you when on the way."
    )
    [card] = thandi.others
    assert (card.channel, card.recipient) == (ADMIN.channel, ADMIN.address)
    assert card.text.startswith("New booking BG-1001 from Thandi Mokoena (Telegram, +27821234567)")
    # The alert is the job card itself, with the buttons to act on it at once.
    assert "When: Tue 24 Nov, 12:00 (on site)" in card.text and "Status: scheduled" in card.text
    assert labels(card)[:2] == ["On my way", "Start"] and "Start timer" in labels(card)
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference("BG-1001")
        assert job is not None and job.id is not None
        [appointment] = await uow.appointments.for_job(job.id)
    assert (job.status, job.area, job.address) == (JobStatus.SCHEDULED, "Sydenham", "12 Main Road")
    assert appointment.start == datetime(2026, 11, 24, 12, 0, tzinfo=SAST)
    assert (appointment.mode, appointment.area, appointment.duration.seconds) == (
        VisitMode.ON_SITE, "Sydenham", 90 * 60,
    )  # fmt: skip


async def test_a_whole_booking_by_sms_numbers_in_short_texts(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    answers = ["book", "Printer won't print", "1", "2", "Thandi Mokoena", "1"]
    replies = [await sms.send(text) for text in answers]
    for [reply] in replies:
        text = as_sms(reply)
        assert num_segments(text, "sms") <= 2 and to_gsm7(text) == text, text
    assert replies[3][0].text == "What name should we put the booking under?"
    assert replies[4][0].text.startswith(
        "Please check: Remote support session on Tue 24 Nov, 12:30"
    )
    assert replies[5][0].text.startswith("Booked! BG-1001: Remote support session")
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.SMS, NUMBER)
    assert customer is not None and customer.name == "Thandi Mokoena"


async def test_a_time_typed_in_words_is_taken(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER)
    for text in ("book", "No internet", "1"):
        await sms.send(text)
    [summary] = await sms.send("Friday 10am")
    assert summary.text.startswith("Please check: Remote support session on Fri 27 Nov, 10:00")


async def test_a_closed_past_or_unreadable_time_is_explained_with_free_ones(scene: Scene) -> None:
    thandi = scene.person()
    await choose_service(thandi, "remote-support")
    [sunday] = await thandi.send("Sunday at 10")
    assert sunday.text.startswith("We're closed on Sundays. The nearest free times (or type")
    assert labels(sunday)[0].startswith("Sat 28 Nov")
    [past] = await thandi.send("yesterday")
    assert past.text.startswith("That's in the past - which day coming up suits you?")
    [night] = await thandi.send("Thursday 3am")
    assert night.text.startswith("That's outside our hours: on Thursdays we work 08:00-17:00.")
    [soon] = await thandi.send("today at 11")
    assert soon.text.startswith("We need 2 hours' notice, so that's too soon.")
    [nonsense] = await thandi.send("how much is it?")
    assert "couldn't tell which day or time" in nonsense.text and "MENU" in nonsense.text


async def test_another_day_lists_free_days_then_that_days_times(scene: Scene) -> None:
    thandi = scene.person()
    times = await choose_service(thandi, "remote-support")
    [days] = await thandi.send(option="time.another_day")
    assert labels(days)[:3] == ["Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov"]
    [thursday] = await thandi.send(option="day.2026-11-26")
    assert thursday.text.startswith("Free times on Thu 26 Nov (or type")
    assert labels(thursday)[:2] == ["Thu 26 Nov, 08:00", "Thu 26 Nov, 08:30"]
    assert times.options[-1].label == "Another day"


async def test_back_goes_one_step_back(scene: Scene) -> None:
    thandi = scene.person()
    await choose_service(thandi, "virus-removal", on_site=True, problem="No internet")
    [mode_again] = await thandi.send("back")
    assert mode_again.text == "Shall we help remotely, or come to you?"
    [service_again] = await thandi.send("Back")
    assert service_again.text == "Thanks! Which service fits best?"


async def test_an_area_we_do_not_visit_is_told_kindly_with_remote_help(scene: Scene) -> None:
    thandi = scene.person()
    await choose_service(thandi, "virus-removal", on_site=True, problem="No internet")
    [outside] = await thandi.send("Soweto")
    assert outside.text.startswith("Sorry, Soweto is outside the area we visit")
    assert labels(outside) == ["Remotely instead"]
    [times] = await thandi.send(option="area.remote")
    assert times.text.startswith("Here are the next free times (or type")


async def test_the_second_customer_for_a_time_is_offered_the_nearest_others(scene: Scene) -> None:
    first, second = scene.person(address="5551"), scene.person(address="5552", name="Sipho Dlamini")
    for customer in (first, second):
        await choose_service(customer, "remote-support")
        await customer.send(option="slot.2026-11-24T12:00:00+02:00")
        await customer.send(phone="+27 82 000 000" + customer.address[-1])
    [booked] = await first.send(option="booking.yes")
    assert booked.text.startswith("Booked! BG-1001")
    [refused] = await second.send(option="booking.yes")
    assert refused.text.startswith("That time is already booked. The nearest free times (or type")
    assert "Tue 24 Nov, 12:00" not in labels(refused)


async def test_a_booking_left_idle_is_put_aside_with_a_note(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send("/book")
    scene.clock.advance(minutes=31)
    note, menu = await thandi.send("My printer")
    assert note.text == "That was left for a while, so I've put it aside."
    assert "didn't catch that" in menu.text


async def test_a_typed_phone_number_joins_no_one_elses_records(scene: Scene) -> None:
    victim = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(victim, "Printer offline")
    attacker = scene.person(address="6666", name="Mallory")
    await choose_service(attacker, "remote-support")
    await attacker.send("1")
    [summary] = await attacker.send("082 123 4567")  # typed: proves nothing
    assert summary.text.startswith("Please check:")
    await attacker.send("yes")
    [card] = attacker.others
    assert card.text.endswith(f"Phone given: {NUMBER} (typed, not confirmed)")
    [jobs] = await attacker.send("/jobs")
    assert reference not in jobs.text
    async with scene.unit_of_work() as uow:
        owner = await uow.customers.by_identity(Channel.SMS, NUMBER)
        mallory = await uow.customers.by_identity(Channel.TELEGRAM, "6666")
    assert owner is not None and mallory is not None and owner.id != mallory.id
    assert mallory.phone is None and [i.channel for i in owner.identities] == [Channel.SMS]


async def test_a_greeting_or_question_is_not_taken_for_a_name_or_an_address(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    for text in ("book", "No internet", "1", "1"):
        await sms.send(text)
    [again] = await sms.send("hi")
    assert again.text.startswith("We're in the middle of a booking: what name")
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.SMS, NUMBER)
    assert customer is not None and customer.name == ""
    thandi = scene.person()
    await choose_service(thandi, "virus-removal", on_site=True, problem="Slow laptop")
    await thandi.send(option="area.Sydenham")
    [address_again] = await thandi.send("Why do you need my address?")
    assert address_again.text.startswith("We're in the middle of a booking: please type the street")


async def test_a_photo_sent_later_joins_the_booking(scene: Scene) -> None:
    thandi = scene.person()
    for text in ("/book", "Blue screen"):
        await thandi.send(text)
    photo = Attachment("inbound/9/0-screen.jpg", "image/jpeg", "screen.jpg")
    thanks, services = await thandi.send(media=(photo,))
    assert thanks.text == "Thanks, I've added that to the booking."
    assert services.text == "Thanks! Which service fits best?"
    await thandi.send(option="service.remote-support")
    await thandi.send("1")
    await thandi.send(phone="+27 82 123 4567")
    await thandi.send("yes")
    [card] = thandi.others
    assert [a.filename for a in card.attachments] == ["screen.jpg"]


async def test_going_back_after_remote_instead_books_the_visit_after_all(scene: Scene) -> None:
    thandi = scene.person()
    await choose_service(thandi, "virus-removal", on_site=True, problem="No internet")
    await thandi.send("Soweto")
    await thandi.send(option="area.remote")
    await thandi.send("back")
    await thandi.send(option="area.Sydenham")
    await thandi.send("12 Main Road")
    await thandi.send("1")
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text.endswith("at 12 Main Road, Sydenham. Book it?")


async def test_an_on_site_booking_by_sms_keeps_every_text_within_two_segments(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    address = "Unit 14, The Willows Estate, 123 Long Street Extension"
    answers = ["book", "My Wi-Fi drops all the time", "6", "Sydenham", address, "1", "Thandi", "1"]
    replies = [await sms.send(text) for text in answers]
    for [reply] in replies:
        text = as_sms(reply)
        assert num_segments(text, "sms") <= 2, text
    assert replies[-1][0].text.startswith("Booked! BG-1001: Wi-Fi and network set-up")


async def test_days_and_times_that_cannot_be_had_are_explained(scene: Scene) -> None:
    thandi = scene.person()
    await choose_service(thandi, "remote-support")
    [holiday] = await thandi.send("16 Dec")
    assert holiday.text.startswith(
        "Wed 16 Dec is a public holiday (Day of Reconciliation); we're closed."
    )
    [too_far] = await thandi.send("12 Nov")  # next year's
    assert too_far.text.startswith("We book up to 30 days ahead.")
    [night] = await thandi.send("3am")
    assert night.text.startswith("That's outside our hours: on Tuesdays we work 08:00-17:00.")
    [odd] = await thandi.send("Thursday 10:07")
    assert odd.text.startswith("Visits start on the hour and half hour.")
    [forged] = await thandi.send(option="slot.not-a-time")
    assert "couldn't tell which day or time" in forged.text
