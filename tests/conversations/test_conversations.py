"""Transcripts of the first conversations, through the real dispatcher and database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.customers import Channel
from domain.messages import Attachment, Inbound
from handlers.customer.menu import BOOK, HELP, MY_JOBS, PORTAL, TALK
from tests.support.bookings import book_remote_support
from tests.support.scene import ADMIN, BUSINESS, Scene

MENU_IDS = [BOOK.id, MY_JOBS.id, TALK.id, PORTAL.id, HELP.id]


async def test_start_greets_by_name_with_the_main_menu(scene: Scene) -> None:
    thandi = scene.person()
    [reply] = await thandi.send("/start")
    assert reply.text.startswith("Hi Thandi! Welcome to BurbGigz")
    assert reply.text.split("\n\n")[0] == (
        "Hi Thandi! Welcome to BurbGigz, friendly IT support from Lombardy East. How can we help?"
    )
    assert [o.id for o in reply.options] == MENU_IDS
    assert [o.label for o in reply.options] == [
        "Book a service",
        "My jobs",
        "Talk to the technician",
        "Open my portal",
        "Help",
    ]


async def test_a_customer_record_is_made_on_first_contact(scene: Scene) -> None:
    await scene.person(address="5552", name="Sipho Dlamini").send("hello")
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.TELEGRAM, "5552")
    assert customer is not None and customer.name == "Sipho Dlamini"


@pytest.mark.parametrize("text", ["asdfgh", "what is the meaning of life", "/unknowncommand"])
async def test_anything_not_understood_gets_a_friendly_reply_and_the_menu(
    scene: Scene, text: str
) -> None:
    [reply] = await scene.person().send(text)
    assert "didn't catch that" in reply.text
    assert [o.id for o in reply.options] == MENU_IDS


async def test_help_explains_and_gives_the_contact_details(scene: Scene) -> None:
    [reply] = await scene.person().send(option=HELP.id)
    assert "Book a service" in reply.text and "hello@burbgigz.co.za" in reply.text
    assert reply.text.startswith(
        "BurbGigz fixes computers, laptops, Wi-Fi and printers, remotely or at your place. "
        "Book a service,"
    )


_PLAIN = BUSINESS.business
OTHER_BUSINESS = replace(
    BUSINESS, business=replace(_PLAIN, name="Fixit Lab", tagline=None, what_we_do=None)
)


@pytest.mark.parametrize("business", [OTHER_BUSINESS])
async def test_the_greeting_and_help_say_only_what_the_business_file_says(scene: Scene) -> None:
    thandi = scene.person()
    [hello] = await thandi.send("/start")
    assert hello.text.split("\n\n")[0] == "Hi Thandi! Welcome to Fixit Lab. How can we help?"
    [help_reply] = await thandi.send(option=HELP.id)
    assert help_reply.text == (
        "Book a service, see your jobs or talk to the technician. Type MENU any time.\n"
        f"Call {_PLAIN.phone} or email {_PLAIN.email}."
    )


async def test_options_can_be_chosen_by_number_or_by_words(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    await sms.send("MENU")
    [by_number] = await sms.send("2")
    assert by_number.text.startswith("You have no jobs with us yet")
    [by_words] = await sms.send("talk to the technician")
    assert "pass it straight on to the technician" in by_words.text


async def test_a_shared_phone_joins_the_telegram_chat_to_the_sms_customer(scene: Scene) -> None:
    await book_remote_support(
        scene.person(Channel.SMS, "+27821234567", name=""), "Printer won't print"
    )
    telegram = scene.person(Channel.TELEGRAM, "5553", name="Thandi Mokoena")
    [none_yet] = await telegram.send("/jobs")
    assert "no jobs" in none_yet.text
    [thanks] = await telegram.send(phone="+27 82 123 4567")
    assert "+27821234567" in thanks.text
    [jobs] = await telegram.send("/jobs")
    assert "BG-1001" in jobs.text


async def test_someone_elses_phone_number_is_not_taken_as_theirs(scene: Scene) -> None:
    [reply] = await scene.person().send(phone="not a number")
    assert "couldn't read that phone number" in reply.text


async def test_talking_to_the_technician_passes_messages_on(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send(option=TALK.id)
    [ack] = await thandi.send("Is the Wi-Fi visit still on for tomorrow?")
    assert "Passed on to the technician" in ack.text
    [relayed] = thandi.others
    assert relayed.recipient == ADMIN.address
    assert "Thandi Mokoena (Telegram)" in relayed.text
    assert "Wi-Fi visit still on" in relayed.text
    [menu] = await thandi.send("menu")
    assert [o.id for o in menu.options] == MENU_IDS


async def test_a_file_too_large_is_refused_kindly(scene: Scene) -> None:
    [reply] = await scene.arrive(
        Inbound(Channel.TELEGRAM, "5551", "big-1", scene.clock.now(), refused_media=("backup.zip",))
    )
    assert "backup.zip is too large" in reply.text


async def test_admin_help_lists_the_technicians_commands(scene: Scene) -> None:
    technician = scene.technician()
    [reply] = await technician.send("/help")
    assert "/queue" in reply.text and "/help" in reply.text


async def test_a_customer_typing_an_admin_command_sees_nobodys_jobs(scene: Scene) -> None:
    await book_remote_support(
        scene.person(Channel.TELEGRAM, "5554", name="Sipho"), "Router keeps dropping"
    )
    technician = scene.technician()
    [queue] = await technician.send("/queue")
    assert "BG-1001" in queue.text and "Router keeps dropping" in queue.text
    snoop = scene.person(Channel.TELEGRAM, "5555", name="Nosy Neighbour")
    for attempt in ("/queue", "/queue BG-1001", "/help"):
        for reply in await snoop.send(attempt):
            assert "BG-1001" not in reply.text and "Router" not in reply.text
            assert "/queue" not in reply.text


async def test_inside_a_flow_greetings_and_help_are_passed_on_but_menu_leaves(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send(option=TALK.id)
    for words in ("Hi", "help"):
        [ack] = await thandi.send(words)
        assert ack.text.startswith("Passed on to the technician")
        [relayed] = thandi.others
        assert relayed.text.endswith(f"\n{words}\n(Reply to this to answer.)")
    [menu] = await thandi.send("Menu")
    assert [o.id for o in menu.options] == MENU_IDS


async def test_a_photo_out_of_the_blue_reaches_the_technician(
    scene: Scene,
) -> None:
    photo = Attachment("telegram-file-id", "image/png", "shot.png", "this error")
    relayed, ack = await scene.arrive(
        Inbound(
            Channel.TELEGRAM, "5551", "p-1", scene.clock.now(), text="this error", media=(photo,)
        )
    )
    [stored] = relayed.attachments
    assert relayed.recipient == ADMIN.address
    assert (stored.filename, stored.caption, stored.content_type) == (
        "shot.png",
        "this error",
        "image/png",
    )
    assert (scene.files / stored.ref).read_bytes().startswith(b"\x89PNG")
    assert ack.text.startswith("Passed on to the technician")


async def test_a_customer_who_writes_again_is_reachable_again(scene: Scene) -> None:
    thandi = scene.person()
    await thandi.send("/start")
    async with scene.unit_of_work() as uow:  # they had blocked the bot for a while
        await uow.customers.set_reachable(Channel.TELEGRAM, "5551", False)
        await uow.commit()
    await thandi.send("/start")
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.TELEGRAM, "5551")
    assert customer is not None and customer.identities[0].reachable is True


async def test_a_button_of_a_step_already_over_gets_a_short_answer_and_reaches_no_one(
    scene: Scene,
) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.on_the_way")
    await technician.send("20")  # a session under way: what she writes is for the technician
    stale = "That button was for an earlier step, which is over. What would you like to do?"
    for old_button in ("booking.yes", "slot.2026-11-24T14:00:00+02:00"):
        [answer] = await thandi.send(option=old_button)
        assert answer.text == stale
        assert [o.id for o in answer.options] == MENU_IDS
        assert thandi.others == []  # nothing for the technician: no "(sent a file)"
    await thandi.send(option=TALK.id)
    [answer] = await thandi.send(option="booking.yes")
    assert answer.text == stale and thandi.others == []
    await thandi.send("The printer is in the study")
    [relayed] = thandi.others
    assert "The printer is in the study" in relayed.text
