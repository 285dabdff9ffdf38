"""How a code reaches a number not yet proven: SMS when a Twilio SMS number is set up; else
WhatsApp, only with an approved authentication template (a new number has no open window);
else no way at all (the embedded default), and the web chat asks for no number."""

from __future__ import annotations

from typing import Any

from bot.settings import Settings
from bot.wiring import proving_channel
from domain.customers import Channel

TWILIO = {"twilio_account_sid": "AC" + "0" * 32, "twilio_auth_token": "token"}
AUTH_TEMPLATE = "HX" + "cd" * 16


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_sms_first_then_whatsapp_with_its_authentication_template() -> None:
    assert proving_channel(_settings()) is None
    sms = _settings(**TWILIO, twilio_sms_from="+27875550100")
    assert proving_channel(sms) is Channel.SMS
    whatsapp = _settings(**TWILIO, twilio_whatsapp_from="+27875550101")
    assert proving_channel(whatsapp) is None
    with_template = _settings(
        **TWILIO,
        twilio_whatsapp_from="+27875550101",
        twilio_whatsapp_auth_template_sid=AUTH_TEMPLATE,
    )
    assert proving_channel(with_template) is Channel.WHATSAPP
