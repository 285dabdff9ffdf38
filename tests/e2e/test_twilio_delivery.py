"""What becomes of SMS and WhatsApp messages after they leave: delivery reports, retries,
fallbacks, opt-outs and WhatsApp's 24-hour window — with the real twilio client against the
stand-in, which enforces Twilio's rules."""

from __future__ import annotations

import pytest

from bot.channels.twilio_text import to_gsm7
from domain.customers import Channel
from tests.stubs.twilio_phone import num_segments
from tests.support.clock import MovableClock
from tests.support.twilio_service import (
    SMS_FROM,
    TEMPLATE_SID,
    THANDI,
    WA_THANDI,
    WHATSAPP_FROM,
    Service,
    Start,
)


async def test_every_sms_of_a_booking_is_one_message_of_at_most_two_gsm7_segments(
    service: Service,
) -> None:
    reference = await service.book(THANDI)
    await service.texts(THANDI, "HELP")
    await service.texts(THANDI, "my jobs")
    sent = service.twilio.messages_to(THANDI)
    assert len(sent) == 8, [m.body for m in sent]  # one answer per message, none split
    for message in sent:
        assert message.from_ == SMS_FROM
        assert to_gsm7(message.body) == message.body, message.body
        assert num_segments(message.body, "sms") <= 2, message.body
    assert "hello@burbgigz.co.za" in sent[6].body  # HELP gives the contact details
    assert reference in sent[7].body
    await service.technician_sees(f"New booking {reference} from Thandi (SMS, {THANDI})")


async def test_an_undelivered_sms_is_recorded_and_sent_again_later(
    service: Service, clock: MovableClock
) -> None:
    service.twilio.set_outcome(THANDI, "undelivered", 30003)  # the phone is off
    await service.texts(THANDI, "hi")
    await service.settled()
    [row] = await service.outbox_to(THANDI)
    assert row.delivery_status == "undelivered" and "30003" in (row.last_error or "")
    service.twilio.clear_outcome(THANDI)
    clock.advance(minutes=6)
    [first, again] = await service.twilio.wait_for(2, to=THANDI, timeout=10)
    assert again.body == first.body
    await service.settled()
    [row] = await service.outbox_to(THANDI)
    assert row.delivery_status == "delivered" and row.platform_message_id == again.sid


async def test_a_number_that_does_not_exist_is_given_up_and_the_technician_told(
    service: Service,
) -> None:
    service.twilio.set_outcome(THANDI, "undelivered", 30005)  # unknown handset
    await service.texts(THANDI, "hi")
    alert = await service.technician_sees("Could not reach")
    assert alert == f"Could not reach {THANDI} on SMS: Twilio 30005: Unknown destination handset"
    customer = await service.customer(Channel.SMS, THANDI)
    assert customer is not None and not customer.identities[0].reachable


async def test_an_undelivered_whatsapp_message_goes_by_sms_instead(service: Service) -> None:
    service.twilio.set_outcome(WA_THANDI, "failed", 63024)
    whatsapp = await service.texts(THANDI, "hi", channel="whatsapp")
    [by_sms] = await service.twilio.wait_for(to=THANDI)
    assert by_sms.from_ == SMS_FROM and by_sms.body == to_gsm7(whatsapp.body)
    await service.settled()
    assert service.technician_got("Could not reach") == []


async def test_twilio_saying_slow_down_is_waited_out_and_the_message_sent_once(
    service: Service, clock: MovableClock
) -> None:
    service.twilio.fail_next(429, 20429, "Too Many Requests")
    await service.twilio.send_inbound(THANDI, "hi")
    await service.retry_waiting(THANDI)
    assert service.twilio.messages == []
    clock.advance(seconds=10)
    [reply] = await service.twilio.wait_for(to=THANDI, timeout=10)
    assert reply.body.startswith("Hi")
    assert [r.status for r in service.twilio.requests] == [429, 201]


async def test_sms_stop_silences_notifications_until_start(service: Service) -> None:
    reference = await service.book(THANDI)
    await service.twilio.send_inbound(THANDI, "STOP")
    await service.technician_sees("replied STOP")
    # Twilio blocks the number itself and confirms; our own confirmation is refused quietly.
    assert [(r.to, r.body[:16]) for r in service.twilio.auto_replies] == [
        (THANDI, "You have success")
    ]
    refused = await service.last_outcome(THANDI)
    assert refused.status == "failed" and "21610" in (refused.last_error or "")
    before = len(service.twilio.messages_to(THANDI))

    await service.technician_says(f"/say {reference} Your laptop is ready")
    told = await service.technician_sees("can't be reached")
    assert told == (
        "Thandi can't be reached in chat (opted out or blocked on every channel). "
        f"Call them on {THANDI}."
    )
    await service.settled()
    assert len(service.twilio.messages_to(THANDI)) == before
    assert service.technician_got("Could not reach") == []

    welcome = await service.texts(THANDI, "START")
    assert welcome.body.startswith("Welcome back!")
    await service.technician_says(f"/say {reference} Your laptop is ready")
    ready = (await service.twilio.wait_for(before + 2, to=THANDI))[-1]
    assert ready.body == f"{reference}, from the technician: Your laptop is ready"


async def test_whatsapp_stop_is_confirmed_and_then_nothing_more_is_sent(service: Service) -> None:
    reference = await service.book(THANDI, channel="whatsapp")
    confirmation = await service.texts(THANDI, "stop", channel="whatsapp")
    assert confirmation.body.startswith("You're unsubscribed")
    await service.technician_says(f"/say {reference} Anything?")
    await service.technician_sees("can't be reached")
    await service.twilio.send_inbound(THANDI, "are you there?", channel="whatsapp")
    relayed = await service.technician_sees("who opted out on WhatsApp")
    assert relayed.endswith("are you there?")
    await service.settled()
    assert service.twilio.messages_to(WA_THANDI)[-1].sid == confirmation.sid


async def test_a_message_queued_before_the_opt_out_is_not_sent_after_it(
    service: Service, clock: MovableClock
) -> None:
    reference = await service.book(THANDI, channel="whatsapp")
    service.twilio.fail_next(503, 20503, "Service Unavailable")
    await service.technician_says(f"/say {reference} We'll be there at 3")
    await service.technician_sees("Sent to Thandi")
    await service.retry_waiting(WA_THANDI.removeprefix("whatsapp:"))
    await service.twilio.send_inbound(THANDI, "STOP", channel="whatsapp")
    await service.technician_sees("replied STOP")
    clock.advance(seconds=30)  # the /say message's retry, then the confirmation behind it
    confirmation = (await service.twilio.wait_for(lambda m: "unsubscribed" in m.body))[0]
    await service.settled()
    bodies = [m.body for m in service.twilio.messages_to(WA_THANDI)]
    assert not any("We'll be there" in body for body in bodies)
    assert bodies[-1] == confirmation.body


@pytest.mark.parametrize("hours", [23, 25])
async def test_whatsapp_inside_the_window_is_free_text_and_after_it_a_template(
    start: Start, clock: MovableClock, hours: int
) -> None:
    service = await start(twilio_whatsapp_template_sid=TEMPLATE_SID)
    reference = await service.book(THANDI, channel="whatsapp")
    clock.advance(hours=hours)
    await service.technician_says(f"/say {reference} Your laptop is ready")
    [message] = await service.twilio.wait_for(lambda m: m.created >= clock.now())
    assert message.to == WA_THANDI and message.from_ == f"whatsapp:{WHATSAPP_FROM}"
    text = f"{reference}, from the technician: Your laptop is ready"
    if hours < 24:
        assert (message.content_sid, message.body) == (None, text)
    else:
        assert (message.content_sid, message.body) == (TEMPLATE_SID, "")
        assert message.content_variables == {"1": "Thandi", "2": text}
    await service.settled()
    assert message.status == "delivered"


async def test_whatsapp_after_the_window_without_a_template_goes_by_sms(
    service: Service, clock: MovableClock
) -> None:
    reference = await service.book(THANDI, channel="whatsapp")
    clock.advance(hours=25)
    await service.technician_says(f"/say {reference} Your laptop is ready")
    [by_sms] = await service.twilio.wait_for(to=THANDI)
    assert by_sms.from_ == SMS_FROM
    assert by_sms.body == f"{reference}, from the technician: Your laptop is ready"


async def test_whatsapp_after_the_window_with_no_way_round_tells_the_technician(
    start: Start, clock: MovableClock
) -> None:
    service = await start(twilio_sms_from=None)
    reference = await service.book(THANDI, channel="whatsapp")
    sent_before = len(service.twilio.messages)
    clock.advance(hours=25)
    await service.technician_says(f"/say {reference} Your laptop is ready")
    alert = await service.technician_sees("Could not reach")
    assert alert.startswith("Could not reach Thandi on WhatsApp: outside WhatsApp's 24-hour")
    await service.settled()
    assert len(service.twilio.messages) == sent_before


async def test_sms_and_whatsapp_from_one_number_are_one_customer(service: Service) -> None:
    reference = await service.book(THANDI)
    jobs = await service.texts(THANDI, "my jobs", channel="whatsapp")
    assert reference in jobs.body
    by_sms = await service.customer(Channel.SMS, THANDI)
    by_whatsapp = await service.customer(Channel.WHATSAPP, THANDI)
    assert by_sms is not None and by_whatsapp is not None and by_sms.id == by_whatsapp.id
    assert {i.channel for i in by_sms.identities} == {Channel.SMS, Channel.WHATSAPP}
