"""Twilio's webhook parameters as neutral inbound messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.channels.twilio_inbound import NotAMessage, to_inbound
from domain.customers import Channel
from domain.messages import Attachment

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def test_an_sms_is_keyed_by_the_e164_number() -> None:
    message = to_inbound({"MessageSid": "SM1", "From": "+27821234567", "Body": "hi"}, NOW)
    assert message is not None
    assert (message.channel, message.sender, message.text) == (Channel.SMS, "+27821234567", "hi")
    assert (message.platform_id, message.received_at) == ("SM1", NOW)


def test_whatsapp_is_told_apart_by_its_prefix_and_brings_the_profile_name() -> None:
    params = {"MessageSid": "SM2", "From": "whatsapp:+27821234567", "ProfileName": "Thandi"}
    message = to_inbound(params, NOW)
    assert message is not None
    assert (message.channel, message.sender) == (Channel.WHATSAPP, "+27821234567")
    assert message.sender_name == "Thandi"


def test_every_media_item_is_kept_with_its_type() -> None:
    base = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM3/Media"
    params = {
        "MessageSid": "MM3",
        "From": "+27821234567",
        "NumMedia": "2",
        "MediaUrl0": f"{base}/ME1",
        "MediaContentType0": "image/jpeg",
        "MediaUrl1": f"{base}/ME2",
        "MediaContentType1": "application/pdf",
    }
    message = to_inbound(params, NOW)
    assert message is not None
    assert message.media == (
        Attachment(f"{base}/ME1", "image/jpeg", "MM3-1.jpg"),
        Attachment(f"{base}/ME2", "application/pdf", "MM3-2.pdf"),
    )


def test_a_sender_that_is_no_phone_number_cannot_be_answered() -> None:
    assert to_inbound({"MessageSid": "SM4", "From": "MTN"}, NOW) is None


@pytest.mark.parametrize("missing", ["MessageSid", "From"])
def test_parameters_without_sid_or_sender_are_not_a_message(missing: str) -> None:
    params = {"MessageSid": "SM5", "From": "+27821234567"}
    del params[missing]
    with pytest.raises(NotAMessage):
        to_inbound(params, NOW)
