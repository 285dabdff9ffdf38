"""When SMS and WhatsApp messages fail: each failure lands on the channel that failed, nobody
unreachable goes unnoticed, forged reports change nothing, and nothing waits behind a resend."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.customers import Channel, ChannelIdentity
from tests.support.clock import MovableClock
from tests.support.images import noisy_photo, shape
from tests.support.twilio_service import THANDI, WA_THANDI, Service


async def whatsapp_identity_of_thandi(service: Service) -> ChannelIdentity | None:
    customer = await service.customer(Channel.WHATSAPP, THANDI)
    assert customer is not None
    return customer.identity(Channel.WHATSAPP, THANDI)


async def test_an_sms_sent_in_place_of_whatsapp_fails_as_sms(
    service: Service, clock: MovableClock
) -> None:
    reference = await service.book(THANDI, channel="whatsapp")
    clock.advance(hours=25)
    service.twilio.set_outcome(THANDI, "undelivered", 30005)
    await service.technician_says(f"/say {reference} Your laptop is ready")
    alert = await service.technician_sees("Could not reach")
    assert alert.startswith("Could not reach Thandi on SMS: Twilio 30005")
    whatsapp = await whatsapp_identity_of_thandi(service)
    assert whatsapp is not None and whatsapp.reachable and whatsapp.opted_out_at is None
    rows = await service.outbox_to(THANDI)
    assert [(r.channel, r.status) for r in rows][-2:] == [("whatsapp", "failed"), ("sms", "failed")]


async def test_an_sms_refused_as_unsubscribed_leaves_whatsapp_subscribed(
    service: Service, clock: MovableClock
) -> None:
    reference = await service.book(THANDI, channel="whatsapp")
    await service.twilio.send_inbound(THANDI, "STOP")  # to the SMS number: Twilio blocks it
    await service.technician_sees("replied STOP")
    clock.advance(hours=25)
    await service.technician_says(f"/say {reference} Your laptop is ready")
    alert = await service.technician_sees("Could not reach")
    assert "24-hour window" in alert  # no template, and SMS may not be used: the technician knows
    whatsapp = await whatsapp_identity_of_thandi(service)
    assert whatsapp is not None and whatsapp.opted_out_at is None


async def test_whatsapp_failing_with_sms_opted_out_tells_the_technician(service: Service) -> None:
    await service.twilio.send_inbound(THANDI, "STOP")
    await service.technician_sees("replied STOP")
    service.twilio.set_outcome(WA_THANDI, "failed", 63024)
    await service.twilio.send_inbound(THANDI, "hi", channel="whatsapp")
    alert = await service.technician_sees("Could not reach")
    assert alert.startswith(f"Could not reach {THANDI} on WhatsApp: Twilio 63024")


async def test_a_reply_does_not_wait_behind_a_message_to_be_sent_again(service: Service) -> None:
    service.twilio.set_outcome(THANDI, "undelivered", 30008)
    await service.texts(THANDI, "hi")
    await service.retry_waiting(THANDI)
    service.twilio.clear_outcome(THANDI)
    jobs = await service.texts(THANDI, "my jobs")
    assert jobs.body.startswith("You have no jobs with us yet")


async def test_an_invalid_number_is_not_retried_and_the_technician_is_told(
    service: Service, clock: MovableClock
) -> None:
    service.twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
    await service.twilio.send_inbound(THANDI, "hi")
    alert = await service.technician_sees("Could not reach")
    assert alert.startswith(f"Could not reach {THANDI} on SMS: Twilio 21211")
    clock.advance(hours=1)
    await service.settled()
    assert [r.status for r in service.twilio.requests] == [400]
    assert (await service.last_outcome(THANDI)).status == "failed"


@pytest.mark.parametrize("signature", [None, "bm90IGEgc2lnbmF0dXJl"], ids=["missing", "forged"])
async def test_a_delivery_report_without_twilios_signature_changes_nothing(
    service: Service, signature: str | None
) -> None:
    reply = await service.texts(THANDI, "hi")
    await service.settled()
    [row] = await service.outbox_to(THANDI)
    params = {"MessageSid": reply.sid, "MessageStatus": "undelivered", "ErrorCode": "30005"}
    headers = {"X-Twilio-Signature": signature} if signature else {}
    refused = await service.client.post(
        f"/twilio/status?outbox={row.id}", data=params, headers=headers
    )
    assert refused.status == 403
    [after] = await service.outbox_to(THANDI)
    assert (after.status, after.delivery_status) == ("sent", "delivered")
    assert service.technician_got("Could not reach") == []


async def test_a_photo_of_several_megabytes_is_kept_whole_at_a_sensible_size(
    service: Service, tmp_path: Path
) -> None:
    photo = noisy_photo((3000, 2000))
    assert len(photo) > 2 * 1024 * 1024
    await service.twilio.send_inbound(THANDI, "", media=[(photo, "image/jpeg")])
    [shown] = await service.telegram.wait_for("sendPhoto")
    assert shape(shown["photo"].data) == ("JPEG", (2560, 1707))
    kept = sorted(p for p in (tmp_path / "files" / "inbound").rglob("*") if p.is_file())
    assert [shape(p.read_bytes()) for p in kept] == [("JPEG", (2560, 1707)), ("JPEG", (320, 213))]
    assert kept[0].read_bytes() == shown["photo"].data
