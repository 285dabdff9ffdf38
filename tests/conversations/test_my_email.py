"""MY EMAIL and EMAIL SETTINGS in chat: an address is proven by the code e-mailed to it, and
then the customer chooses which kinds of message e-mail carries. The clock stands at Tuesday
24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

from dataclasses import replace

from domain.customers import Channel
from domain.email import MailTopic
from domain.messages import Outbound
from tests.support.bookings import book_friday_at_ten
from tests.support.chat import Person, labels
from tests.support.follow_ups import sast
from tests.support.scene import FakeChannelFiles, Scene, dispatcher_on

ADDRESS = "thandi@example.com"
BACK_OR_MENU = " (Type BACK to go back, or MENU to stop.)"


def emails(person: Person) -> list[Outbound]:
    return [m for m in person.others if m.channel is Channel.EMAIL]


async def code_sent(thandi: Person, typed: str = ADDRESS) -> str:
    await thandi.send("my email")
    await thandi.send(typed)
    [code] = emails(thandi)
    return code.subject.rsplit(" ", 1)[-1]


async def test_an_address_is_proven_by_the_code_emailed_to_it(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send("hi")  # the privacy notice comes with the first reply
    [asked] = await thandi.send("my email")
    assert asked.text == "What e-mail address should we use? (MENU to leave it.)"
    [wrong] = await thandi.send("thandi at example")
    assert wrong.text.startswith("That doesn't look like an e-mail address")

    [sent] = await thandi.send("Thandi@Example.COM")

    assert sent.text == (
        "I've e-mailed a 6-digit code to Thandi@example.com. Type it here to confirm the "
        "address (or type another address)."
    )
    [code] = emails(thandi)
    assert code.recipient == "Thandi@example.com" and code.topic == "code"
    assert code.subject.startswith("Your BurbGigz IT Support code: ")
    digits = code.subject.rsplit(" ", 1)[-1]
    assert len(digits) == 6 and f"Your code is {digits}." in code.text
    [not_it] = await thandi.send("000000" if digits != "000000" else "111111")
    assert not_it.text == (
        "That isn't the code we sent to Thandi@example.com. Please check and type it again."
        + BACK_OR_MENU
    )
    [done] = await thandi.send(digits)
    assert done.text == (
        "Thanks, Thandi@example.com is confirmed.\n"
        "Booking confirmations and calendar invitations: in chat and by e-mail\n"
        "Invoices, reports and receipts: in chat and by e-mail\n"
        "Job updates: in chat\n"
        "Reminders and check-ups: in chat\n"
        "Type EMAIL SETTINGS to change what we e-mail you."
    )


async def test_a_code_tried_too_often_or_too_late_no_longer_works(scene: Scene) -> None:
    thandi = scene.person()
    await code_sent(thandi)
    for _ in range(5):
        await thandi.send("999999")
    [refused] = await thandi.send("123456")
    assert refused.text == "That code no longer works. Type MY EMAIL for a new one."

    digits = await code_sent(thandi)
    for minutes in (25, 25):  # within the chat's patience each time
        scene.clock.advance(minutes=minutes)
        await thandi.send("999999")
    scene.clock.advance(minutes=15)  # but past the code's hour
    [late] = await thandi.send(digits)
    assert late.text == "That code no longer works. Type MY EMAIL for a new one."


async def test_email_settings_move_each_kind_between_chat_and_email(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send("hi")  # the privacy notice comes with the first reply
    [none] = await thandi.send("email settings")
    assert none.text == (
        "We have no confirmed e-mail address for you yet. Type MY EMAIL to give one."
    )
    await thandi.send(await code_sent(thandi))

    [shown] = await thandi.send("/emailsettings")

    assert shown.text == f"What we e-mail to {ADDRESS}; choose one to change it."
    assert labels(shown) == [
        "Bookings: in chat and by e-mail",
        "Invoices and reports: in chat and by e-mail",
        "Job updates: in chat",
        "Reminders: in chat",
    ]
    [changed] = await thandi.send(option=shown.options[2].id)
    assert changed.text.startswith("Done: job updates now come by e-mail.\n")
    assert labels(changed)[2] == "Job updates: by e-mail"
    [again] = await thandi.send(option=shown.options[2].id)
    assert labels(again)[2] == "Job updates: in chat and by e-mail"


async def test_a_booking_offers_its_calendar_file_and_emails_the_invitation(
    scene: Scene,
) -> None:
    thandi = scene.person()
    await thandi.send(await code_sent(thandi))

    reference = await book_friday_at_ten(thandi)

    booked = thandi.received[-1]
    link = booked.text.split("Follow it live: ")[1].split("\n")[0]
    assert booked.text.endswith(f"\nAdd it to your calendar: {link}/calendar.ics")
    [confirmation] = emails(thandi)
    assert confirmation.subject == f"{reference}: Fri 27 Nov, 10:00"
    [invite] = confirmation.attachments
    assert invite.filename == f"{reference}.ics"
    assert invite.content_type == "text/calendar; method=REQUEST"
    ics = (scene.files / invite.ref).read_text()
    assert "DTSTART;TZID=Africa/Johannesburg:20261127T100000" in ics


async def test_without_a_proven_address_a_booking_emails_nothing(scene: Scene) -> None:
    thandi = scene.person()
    await code_sent(thandi)  # never typed
    await thandi.send("menu")

    await book_friday_at_ten(thandi)

    assert emails(thandi) == []
    booked = thandi.received[-1]
    assert booked.text.endswith("\nWant it by e-mail too, with the invitation? Type MY EMAIL.")


async def test_without_an_smtp_relay_no_address_is_asked_for(
    scene: Scene, channel_files: FakeChannelFiles
) -> None:
    services = replace(scene.services, sends_email=False)
    dispatcher, transcript = dispatcher_on(scene.engine, services, channel_files)
    thandi = Person(dispatcher, transcript, scene.clock, Channel.TELEGRAM, "5551")
    await thandi.send("hi")  # the privacy notice comes with the first reply

    [answer] = await thandi.send("my email")

    assert answer.text == "We don't send e-mail yet: we'll keep you posted here in chat."
    await book_friday_at_ten(thandi)
    assert "MY EMAIL" not in thandi.received[-1].text


async def test_reminders_chosen_by_email_come_by_email_alone_until_unsubscribed(
    scene: Scene,
) -> None:
    thandi = scene.person()
    await thandi.send(await code_sent(thandi))
    [shown] = await thandi.send("email settings")
    await thandi.send(option=shown.options[3].id)  # reminders: in chat → by e-mail
    reference = await book_friday_at_ten(thandi)

    [reminder] = await scene.fired_at(sast(26, 10))

    assert (reminder.channel, reminder.recipient) == (Channel.EMAIL, ADDRESS)
    assert reminder.topic == "reminder"
    assert reminder.subject == f"Reminder: {reference} tomorrow at 10:00"
    async with scene.unit_of_work() as uow:
        await uow.emails.unsubscribe(ADDRESS, MailTopic.REMINDER, scene.clock.now())
        await uow.commit()
    [in_chat] = await scene.fired_at(sast(27, 9))
    assert (in_chat.channel, in_chat.recipient) == (Channel.TELEGRAM, thandi.address)


async def test_a_job_the_technician_cancels_is_cancelled_in_their_calendar(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send(await code_sent(thandi))
    reference = await book_friday_at_ten(thandi)

    technician = scene.technician()
    await technician.send(option=f"status.{reference}.cancelled")

    [cancel] = [m for m in technician.others if m.channel is Channel.EMAIL]
    assert cancel.subject == f"{reference} cancelled"
    [invite] = cancel.attachments
    assert invite.content_type == "text/calendar; method=CANCEL"
    ics = (scene.files / invite.ref).read_text()
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics


async def test_a_new_address_typed_leaves_the_proven_one_in_use_until_proven(
    scene: Scene,
) -> None:
    thandi = scene.person()
    await thandi.send(await code_sent(thandi))
    await thandi.send("my email")
    await thandi.send("thandi@exmaple.com")  # a typo, never proven
    await thandi.send("menu")

    [asked] = await thandi.send("my email")
    assert asked.text.startswith(f"We e-mail you at {ADDRESS}. ")
    await thandi.send("menu")
    reference = await book_friday_at_ten(thandi)
    [confirmation] = emails(thandi)
    assert (confirmation.recipient, confirmation.subject[:7]) == (ADDRESS, reference)


async def test_codes_to_an_address_are_limited_and_prove_only_that_address(
    scene: Scene,
) -> None:
    thandi = scene.person()
    other = await code_sent(thandi, "other@example.com")
    await code_sent(thandi)
    [refused] = await thandi.send(other)  # the code sent to another address
    assert refused.text.startswith(f"That isn't the code we sent to {ADDRESS}.")
    await code_sent(thandi)
    await code_sent(thandi)  # the third to this address in the hour: the last one allowed

    await thandi.send("my email")
    [too_many] = await thandi.send(ADDRESS)

    assert too_many.text == (
        "Sorry, we can't send another code just now. Please try again in an hour."
    )
    assert emails(thandi) == []
