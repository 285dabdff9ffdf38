"""SMS and WhatsApp end to end: the real twilio client against a Twilio stand-in, signed
webhooks in, status callbacks back, on SQLite and Postgres."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.channels.twilio_text import to_gsm7
from bot.keys import SESSIONS
from storage.tables import InboundMessageRow
from tests.stubs.twilio_phone import num_segments
from tests.support.images import picture, shape
from tests.support.telegram_service import ADMIN_CHAT
from tests.support.twilio_service import SMS_FROM, THANDI, WA_THANDI, WHATSAPP_FROM, Service


async def stored_inbound(service: Service) -> int:
    async with service.client.app[SESSIONS]() as session:
        return int(await session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0)


async def test_an_sms_hi_is_answered_from_the_sms_number_with_a_numbered_menu(
    service: Service,
) -> None:
    result = await service.twilio.send_inbound(THANDI, "hi")
    assert result.status == 200 and result.content_type == "text/xml"
    assert result.text == '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
    [reply] = await service.twilio.wait_for(to=THANDI)
    assert reply.from_ == SMS_FROM
    assert reply.body.startswith("Hi there! Welcome to BurbGigz")
    assert "\n\nHow we keep your details: https://burbgigz.test/privacy" in reply.body
    assert "\n1. Book a service\n2. My jobs\n3. Talk to the technician\n" in reply.body
    assert reply.body.endswith("\n4. Open my portal\n5. Help\nReply 1-5.")
    assert to_gsm7(reply.body) == reply.body and num_segments(reply.body, "sms") <= 2


async def test_a_whatsapp_hi_is_answered_on_whatsapp_by_name(service: Service) -> None:
    await service.twilio.send_inbound(THANDI, "Hi!", channel="whatsapp", profile_name="Thandi")
    [reply] = await service.twilio.wait_for(to=WA_THANDI)
    assert reply.from_ == f"whatsapp:{WHATSAPP_FROM}"
    assert reply.body.startswith("Hi Thandi! Welcome to BurbGigz")
    assert "1. Book a service" in reply.body


@pytest.mark.parametrize(
    "forgery",
    [
        {"signature": None},
        {"signature": "bm90IGEgc2lnbmF0dXJl"},
        {"signature": "", "params_override": {}},
    ],
    ids=["missing", "wrong", "empty"],
)
async def test_a_forged_or_missing_signature_is_refused_and_nothing_is_kept(
    service: Service, forgery: dict[str, Any]
) -> None:
    result = await service.twilio.send_inbound(THANDI, "hi", **forgery)
    assert result.status == 403
    await service.settled()
    assert await stored_inbound(service) == 0
    assert service.twilio.messages == []


async def test_a_signature_over_other_parameters_is_refused(service: Service) -> None:
    """A real signature replayed with a changed Body does not pass."""
    genuine = await service.twilio.send_inbound(THANDI, "hi")
    await service.twilio.wait_for(to=THANDI)
    forged = await service.client.post(
        "/twilio/inbound",
        data={**genuine.params, "Body": "STOP", "MessageSid": "SM" + "f" * 32},
        headers={"X-Twilio-Signature": genuine.signature or ""},
    )
    assert forged.status == 403
    assert await stored_inbound(service) == 1


async def test_the_same_message_sid_twice_is_handled_once(service: Service) -> None:
    first = await service.twilio.send_inbound(THANDI, "hi")
    again = await service.twilio.repost(first)
    assert (first.status, again.status) == (200, 200)
    await service.twilio.wait_for(to=THANDI)
    assert await stored_inbound(service) == 1
    await service.settled()
    assert len(service.twilio.messages_to(THANDI)) == 1


@pytest.mark.parametrize("answer", ["2", "my jobs", "My Jobs."])
async def test_an_option_is_chosen_by_its_number_or_its_words(
    service: Service, answer: str
) -> None:
    await service.twilio.send_inbound(THANDI, "hi")
    await service.twilio.wait_for(to=THANDI)
    await service.twilio.send_inbound(THANDI, answer)
    [_, reply] = await service.twilio.wait_for(2, to=THANDI)
    assert reply.body.startswith("You have no jobs with us yet")


async def test_an_mms_with_two_images_keeps_both_and_shows_them_to_the_technician(
    service: Service, tmp_path: Path
) -> None:
    first, second = picture("JPEG", (40, 30)), picture("PNG", (30, 40))
    photos = [(first, "image/jpeg"), (second, "image/png")]
    await service.twilio.send_inbound(THANDI, "my screen", media=photos)
    shown = await service.telegram.wait_for("sendPhoto", 2, chat_id=ADMIN_CHAT)
    assert [shape(p["photo"].data) for p in shown] == [("JPEG", (40, 30)), ("PNG", (30, 40))]
    kept = (tmp_path / "files" / "inbound").rglob("*")
    stored = sorted(p.read_bytes() for p in kept if p.is_file() and ".thumb." not in p.name)
    assert stored == sorted(p["photo"].data for p in shown)
    assert service.twilio.cdn_saw_credentials is False
