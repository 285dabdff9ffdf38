"""Signing in to the portal with a number, through the Twilio and Telegram stand-ins, on both
databases: the code and the link reach the customer where the number is proven (SMS here),
six digits that work for ten minutes, once; five wrong tries spend a code; a number we do not
know, or one only typed at a booking, is answered the same and receives nothing."""

from __future__ import annotations

from tests.stubs.telegram_updates import message_update
from tests.support.clock import MovableClock
from tests.support.portal import SAME_ANSWER, PortalVisitor, code_in, link_in
from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons, post_update
from tests.support.twilio_service import THANDI, Service

STRANGER = "+27829990000"


def _visitor(service: Service) -> PortalVisitor:
    return PortalVisitor(service.client, str(service.client.make_url("")))


async def _code_by_sms(service: Service, visitor: PortalVisitor) -> str:
    before = len(service.twilio.messages_to(THANDI))
    status, page = await visitor.ask_code("082 123 4567")
    assert status == 200 and SAME_ANSWER.format(number="082 123 4567") in page
    [sms] = (await service.twilio.wait_for(before + 1, to=THANDI))[before:]
    return sms.body


async def test_an_sms_customer_signs_in_with_the_code_sent_by_sms(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    sms = await _code_by_sms(service, visitor)
    code = code_in(sms)
    assert len(code) == 6 and code.isdigit() and "10 minutes" in sms
    signed_in = await visitor.enter_code("0821234567", code)
    assert signed_in.status == 303 and signed_in.headers["Location"] == "/portal"
    page = await visitor.page_as(signed_in)
    assert page.status == 200 and "Where you are signed in" in await page.text()
    again = await visitor.enter_code(THANDI, code)  # a used code
    assert again.status == 401 and "not right, or it has expired" in await again.text()


async def test_five_wrong_tries_spend_the_code(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    code = code_in(await _code_by_sms(service, visitor))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert (await visitor.enter_code(THANDI, wrong)).status == 401
    assert (await visitor.enter_code(THANDI, code)).status == 401


async def test_an_expired_code_is_refused(service: Service, clock: MovableClock) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    code = code_in(await _code_by_sms(service, visitor))
    clock.advance(minutes=10)
    assert (await visitor.enter_code(THANDI, code)).status == 401


async def test_the_link_in_the_sms_is_spent_only_by_the_tap(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    link = link_in(await _code_by_sms(service, visitor))
    for _ in range(2):  # a link preview, a mail scanner: a page with a button, nothing spent
        opened = await service.client.get(link.split("burbgigz.test", 1)[1])
        assert opened.status == 200 and 'method="post"' in await opened.text()
    tapped = await visitor.spend(link)
    assert tapped.status == 303 and (await visitor.page_as(tapped)).status == 200
    assert (await visitor.spend(link)).status == 410


async def test_an_unknown_number_is_answered_the_same_and_nothing_is_sent(
    service: Service,
) -> None:
    await service.texts(THANDI, "hi")
    await service.settled()
    visitor = _visitor(service)
    known_status, known = await visitor.ask_code(THANDI)
    unknown_status, unknown = await visitor.ask_code(STRANGER)
    assert known_status == unknown_status == 200
    as_known = unknown.replace("082 999 0000", "082 123 4567").replace(STRANGER, THANDI)
    assert as_known == known
    await service.settled()
    assert service.twilio.messages_to(STRANGER) == []
    assert (await visitor.enter_code(STRANGER, "123456")).status == 401


async def test_a_number_only_typed_at_a_booking_gets_no_code(service: Service) -> None:
    assert await post_update(service.client, message_update(CUSTOMER_CHAT, "hi")) == 200
    await book_with_buttons(service.client, CUSTOMER_CHAT, STRANGER, typed=True)
    await service.settled()
    to_the_chat = len(service.telegram.messages_to(CUSTOMER_CHAT))
    status, page = await _visitor(service).ask_code(STRANGER)
    assert status == 200 and SAME_ANSWER.format(number="082 999 0000") in page
    await service.settled()
    assert service.twilio.messages_to(STRANGER) == []
    assert len(service.telegram.messages_to(CUSTOMER_CHAT)) == to_the_chat


async def test_a_number_shared_on_telegram_gets_its_code_in_telegram(service: Service) -> None:
    assert await post_update(service.client, message_update(CUSTOMER_CHAT, "hi")) == 200
    await book_with_buttons(service.client, CUSTOMER_CHAT, STRANGER)
    await service.settled()
    await _visitor(service).ask_code(STRANGER)
    await service.settled()
    texts = [m["text"] for m in service.telegram.messages_to(CUSTOMER_CHAT)]
    assert "sign-in code is" in texts[-1] and service.twilio.messages_to(STRANGER) == []


async def test_codes_asked_for_one_number_are_limited(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    for _ in range(5):
        assert (await visitor.ask_code(THANDI))[0] == 200
    status, page = await visitor.ask_code(THANDI)
    assert status == 429 and "Too many codes" in page
    assert (await visitor.ask_code(STRANGER))[0] == 200  # another number counts apart
    await service.settled()
    assert len(service.twilio.messages_to(THANDI)) == 1 + 5  # the greeting, five codes


async def test_guessed_links_and_borrowed_codes_sign_no_one_in(service: Service) -> None:
    await service.texts(THANDI, "hi")
    visitor = _visitor(service)
    sms = await _code_by_sms(service, visitor)
    link, code = link_in(sms), code_in(sms)
    altered = link[:-1] + ("A" if link[-1] != "A" else "B")
    for guess in (altered, link.rsplit("/", 1)[0] + "/x"):
        assert (await service.client.get(guess.split("burbgigz.test", 1)[1])).status == 410
        assert (await visitor.spend(guess)).status == 410
    assert (await visitor.enter_code(STRANGER, code)).status == 401  # another number
    forged = await service.client.post("/portal/code", data={"number": THANDI, "code": code})
    assert forged.status == 403  # not from our page: no Origin
    assert (await visitor.enter_code(THANDI, code)).status == 303  # still good for its own
