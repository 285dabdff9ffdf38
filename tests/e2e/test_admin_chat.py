"""The technician's chat end to end: a customer's message relayed there, the technician's reply
(a Telegram reply) relayed back to the customer's phone; status changes reaching the customer."""

from __future__ import annotations

from yarl import URL

from tests.stubs.telegram_updates import callback_update, message_update, photo_update
from tests.support.images import picture, shape
from tests.support.telegram_service import ADMIN_CHAT, post_update
from tests.support.twilio_service import THANDI, Service


async def test_a_customers_message_and_the_technicians_reply_cross_over(service: Service) -> None:
    reference = await service.book(THANDI)
    await service.texts(THANDI, "talk")
    await service.texts(THANDI, "Is the 12:00 slot still fine? I might be 10 min late")
    relayed = await service.technician_sees("Is the 12:00 slot still fine?")
    assert relayed.startswith(f"Message from Thandi (SMS, {THANDI}) about {reference}:")
    [held] = [m for m in service.telegram.delivered(ADMIN_CHAT) if m.get("text") == relayed]
    await service.last_outcome(str(ADMIN_CHAT))  # a reply comes after we noted what was sent
    reply = message_update(
        ADMIN_CHAT, "No problem, see you then", reply_to_message_id=held["message_id"]
    )
    assert await post_update(service.client, reply) == 200
    [answer] = await service.twilio.wait_for(lambda m: m.to == THANDI and "see you then" in m.body)
    assert answer.body == f"{reference} - technician: No problem, see you then"
    await service.technician_sees("Sent to Thandi on SMS.")


async def test_a_status_change_reaches_an_sms_customer(service: Service) -> None:
    reference = await service.book(THANDI)
    await service.technician_says(f"/job {reference}")
    await service.technician_sees(f"{reference} - Remote support session")
    press = callback_update(ADMIN_CHAT, f"status.{reference}.in_progress", message_id=1)
    assert await post_update(service.client, press) == 200
    [told] = await service.twilio.wait_for(lambda m: m.to == THANDI and "started work" in m.body)
    assert told.body == f"{reference}: the technician has started work."


async def test_a_captioned_photo_reaches_an_sms_customer_as_a_working_link(
    service: Service,
) -> None:
    reference = await service.book(THANDI)
    photo = picture("JPEG")
    service.telegram.add_file("after-photo", photo, "photos/after.jpg")
    update = photo_update(ADMIN_CHAT, "after-photo", caption=f"{reference} after")
    assert await post_update(service.client, update) == 200
    [link] = await service.twilio.wait_for(lambda m: m.to == THANDI and "/f/" in m.body)
    url = link.body.split(": ", 1)[1]
    opened = await service.client.get(URL(url).path)
    assert opened.status == 200 and shape(await opened.read()) == ("JPEG", (64, 48))
    await service.technician_sees(f"Stored 1 file on {reference}. Told Thandi on SMS.")
