"""Sign-in codes to a WhatsApp customer, through the Twilio stand-in on both databases: inside
the 24-hour window as a message; outside it as the approved authentication template
(TWILIO_WHATSAPP_AUTH_TEMPLATE_SID, the code its one variable); without that template by SMS,
never as the general template."""

from __future__ import annotations

from tests.support.clock import MovableClock
from tests.support.portal import PortalVisitor, code_in
from tests.support.twilio_service import TEMPLATE_SID, THANDI, WA_THANDI, Service, Start

AUTH_TEMPLATE = "HX" + "cd" * 16


async def _ask_code(service: Service) -> None:
    visitor = PortalVisitor(service.client, str(service.client.make_url("")))
    status, _ = await visitor.ask_code(THANDI)
    assert status == 200
    await service.settled()


async def test_inside_the_window_the_code_comes_on_whatsapp(service: Service) -> None:
    await service.texts(THANDI, "hi", channel="whatsapp")
    await _ask_code(service)
    sent = service.twilio.messages_to(WA_THANDI)[-1]
    assert sent.content_sid is None and len(code_in(sent.body)) == 6
    assert service.twilio.messages_to(THANDI) == []


async def test_outside_the_window_the_authentication_template_carries_it(
    start: Start, clock: MovableClock
) -> None:
    service = await start(
        twilio_whatsapp_template_sid=TEMPLATE_SID, twilio_whatsapp_auth_template_sid=AUTH_TEMPLATE
    )
    await service.texts(THANDI, "hi", channel="whatsapp")
    clock.advance(hours=25)
    await _ask_code(service)
    sent = service.twilio.messages_to(WA_THANDI)[-1]
    assert sent.content_sid == AUTH_TEMPLATE
    assert sent.content_variables is not None and sent.content_variables["1"].isdigit()
    assert service.twilio.messages_to(THANDI) == []


async def test_without_that_template_it_goes_by_sms(start: Start, clock: MovableClock) -> None:
    service = await start(twilio_whatsapp_template_sid=TEMPLATE_SID)
    await service.texts(THANDI, "hi", channel="whatsapp")
    clock.advance(hours=25)
    before = len(service.twilio.messages_to(WA_THANDI))
    await _ask_code(service)
    assert len(service.twilio.messages_to(WA_THANDI)) == before  # not the general template
    [sms] = service.twilio.messages_to(THANDI)
    assert len(code_in(sms.body)) == 6
