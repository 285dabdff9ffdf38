"""Signing in to the portal with an e-mail address, through the SMTP stand-in (and the Twilio
one for the chat) on both databases: a customer who proved their address in chat types it on
/portal/sign-in and is e-mailed a code and a sign-in link, each of which signs them in; an
address only given (its code never typed back) or one we do not know is answered the same,
and nothing is e-mailed to it."""

from __future__ import annotations

import re

from tests.stubs.smtp_relay import FakeSmtpRelay
from tests.support.email_service import give_address, prove_address
from tests.support.portal import PortalVisitor, code_in, link_in
from tests.support.twilio_service import THANDI, Service

ADDRESS = "thandi@example.com"
SAME = "is an e-mail address you have confirmed with us, we've e-mailed it a code"


def _visitor(service: Service) -> PortalVisitor:
    return PortalVisitor(service.client, str(service.client.make_url("")))


async def test_a_proven_address_gets_a_code_and_a_link_by_email(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    visitor = _visitor(mailing)
    status, page = await visitor.ask_code(" thandi@EXAMPLE.com ")
    assert status == 200 and f"If {ADDRESS} {SAME}" in page
    [_, mail] = await relay.wait_for(ADDRESS, count=2)  # the proof's code, then this one
    assert "sign-in code" in str(mail.message["Subject"])
    code, link = code_in(mail.text()), link_in(mail.text())
    signed_in = await visitor.enter_code(ADDRESS, code)
    assert signed_in.status == 303 and signed_in.headers["Location"] == "/portal"
    assert (await visitor.page_as(signed_in)).status == 200
    assert (await visitor.enter_code(ADDRESS, code)).status == 401  # used
    tapped = await visitor.spend(link)
    assert tapped.status == 303 and (await visitor.page_as(tapped)).status == 200


async def test_an_unproven_or_unknown_address_is_answered_the_same_and_sent_nothing(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await give_address(mailing, relay, THANDI, ADDRESS)  # its code never typed back
    visitor = _visitor(mailing)
    answers = []
    for address in (ADDRESS, "nobody@example.com"):
        status, page = await visitor.ask_code(address)
        assert status == 200
        answers.append(re.sub(re.escape(address), "ADDRESS", page))
        assert (await visitor.enter_code(address, "123456")).status == 401
    assert answers[0] == answers[1]
    await mailing.settled()
    assert len(relay.to(ADDRESS)) == 1 and relay.to("nobody@example.com") == []


async def test_a_mistyped_address_is_told_so(mailing: Service) -> None:
    status, page = await _visitor(mailing).ask_code("thandi@example")
    assert status == 400 and "doesn't look like an e-mail address" in page
