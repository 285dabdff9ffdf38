"""Privacy in chat, as transcripts: the notice once per channel, check-ups only with a yes,
MY DATA, MY DETAILS, an erasure asked and confirmed, and the audit log."""

from __future__ import annotations

from domain.customers import Channel
from tests.support.chat import labels
from tests.support.scene import Scene

NUMBER = "+27821234567"


async def test_the_notice_comes_once_per_channel_with_its_link_and_the_check_up_question(
    scene: Scene,
) -> None:
    telegram = scene.person()
    [greeting] = await telegram.send("/start")
    assert greeting.text.startswith("Hi Thandi! Welcome to BurbGigz")
    assert "How we keep your details" in greeting.text
    assert "https://burbgigz.test/privacy" in greeting.text
    assert "CHECK-UPS ON" in greeting.text
    assert labels(greeting)[0] == "Book a service"
    [again] = await telegram.send("hi")
    assert "How we keep your details" not in again.text
    sms = scene.person(Channel.SMS, NUMBER)
    [first_sms] = await sms.send("hi")
    assert "How we keep your details" in first_sms.text
    [second_sms] = await sms.send("hi")
    assert "How we keep your details" not in second_sms.text
    whatsapp = scene.person(Channel.WHATSAPP, NUMBER)  # the same person, another channel
    [first_whatsapp] = await whatsapp.send("hi")
    assert "How we keep your details" in first_whatsapp.text
    assert "CHECK-UPS ON" not in first_whatsapp.text  # asked once, on SMS already
    [web] = await scene.person(Channel.WEB, "web-session-1").send("hi")
    assert "How we keep your details" in web.text
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.SMS, NUMBER)
        assert customer is not None and customer.id is not None
        export = await uow.privacy.export(customer.id)
    assert export is not None
    recorded = [(c["what"], c["yes"], c["channel"]) for c in export.data["consents"]]
    assert recorded == [
        ("privacy_notice", True, "sms"),
        ("check_ups", False, "sms"),  # asked; a yes is recorded when they say it
        ("privacy_notice", True, "whatsapp"),
    ]


async def test_an_opt_out_gets_no_notice_and_the_next_reply_carries_it(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER)
    [confirmation] = await sms.send("STOP")
    assert "How we keep your details" not in confirmation.text
    [welcome] = await sms.send("START")
    assert "How we keep your details" in welcome.text


async def test_check_ups_on_and_off_are_answered_and_offered_in_the_privacy_menu(
    scene: Scene,
) -> None:
    telegram = scene.person()
    await telegram.send("hi")
    [menu] = await telegram.send("privacy")
    assert "Check-up reminders and offers are off" in menu.text
    assert labels(menu) == ["My data", "Correct my details", "Check-ups on", "Delete my data"]
    [yes] = await telegram.send("check-ups on")
    assert yes.text.startswith("Thank you! We'll remind you of a check-up now and then.")
    [menu] = await telegram.send("/privacy")
    assert "Check-ups off" in labels(menu)
    [no] = await telegram.send(option="privacy.checkups.off")
    assert no.text.startswith("Done: no check-up reminders or offers.")


async def test_my_data_gives_a_link_to_the_data_page(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER)
    await sms.send("hi")
    [reply] = await sms.send("MY DATA")
    assert "https://burbgigz.test/my-data/" in reply.text
    assert "works for 24 hours" in reply.text


async def test_my_details_corrects_the_name_and_proves_a_number_or_address(
    scene: Scene,
) -> None:
    telegram = scene.person()
    await telegram.send("hi")
    [details] = await telegram.send("my details")
    assert "Name: Thandi Mokoena" in details.text
    assert labels(details) == ["Name", "Phone", "E-mail", "Address"]
    [question] = await telegram.send("1")
    assert question.text == "What name should we use for you?"
    [done] = await telegram.send("Thandiwe Mokoena")
    assert done.text.startswith("Thanks, your name is updated.")
    await telegram.send("my details")
    [phone] = await telegram.send(option="details.phone")
    assert phone.text.startswith("A new number has to be proven yours before we use it")
    await telegram.send("my details")
    [email] = await telegram.send(option="details.email")
    assert email.text == "What e-mail address should we use? (MENU to leave it.)"
    await telegram.send("menu")
    [details] = await telegram.send("my details")
    assert "Name: Thandiwe Mokoena" in details.text


async def test_deleting_is_asked_confirmed_by_the_technician_and_logged(scene: Scene) -> None:
    telegram = scene.person()
    await telegram.send("hi")
    [question] = await telegram.send("delete my data")
    assert labels(question) == ["Yes, delete my data", "No, keep it"]
    [thanks] = await telegram.send("1")
    assert thanks.text.startswith("Thank you. The technician will confirm")
    [alert] = telegram.others
    assert "asks to have their data deleted" in alert.text
    assert labels(alert) == ["Delete their data", "Not now"]
    technician = scene.technician()
    [done] = await technician.send(option=alert.options[0].id)
    assert "data is deleted" in done.text and "Thandi" not in done.text
    [log] = await technician.send("/audit")
    assert "erased customer #" in log.text and "erasure asked by customer #" in log.text


async def test_a_record_joined_into_another_leaves_its_notice_to_no_new_customer(
    scene: Scene,
) -> None:
    await scene.person(Channel.SMS, NUMBER).send("hi")  # the record that holds the number
    telegram = scene.person()
    await telegram.send("hi")
    await telegram.send("hi")  # the notice is known given from here on
    await telegram.send(phone=NUMBER)  # joined into the SMS record; its own id is free again
    [first] = await scene.person(Channel.TELEGRAM, "4242", name="Sipho").send("hi")
    assert "How we keep your details" in first.text
