"""The SMTP stand-in answers as a relay does: it keeps what it accepts, refuses for good the
addresses it is told to, and turns away for now the busy ones."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib
import pytest

from tests.stubs.smtp_relay import FakeSmtpRelay


def _mail(to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "shop@burbgigz.test", to, "Hello"
    mail.set_content("Hi there")
    mail.add_alternative("<p>Hi there</p>", subtype="html")
    return mail


async def test_it_keeps_an_accepted_message_with_its_parts() -> None:
    async with FakeSmtpRelay() as relay:
        await aiosmtplib.send(_mail("thandi@example.com"), hostname="127.0.0.1", port=relay.port)
        [got] = await relay.wait_for("thandi@example.com")
    assert got.mail_from == "shop@burbgigz.test"
    assert got.text().strip() == "Hi there" and "<p>Hi there</p>" in got.html()


@pytest.mark.parametrize(("listed", "code"), [("refuse", 550), ("busy", 451)])
async def test_it_refuses_the_addresses_it_is_told_to(listed: str, code: int) -> None:
    async with FakeSmtpRelay() as relay:
        getattr(relay, listed).add("nobody@example.com")
        with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
            await aiosmtplib.send(
                _mail("nobody@example.com"), hostname="127.0.0.1", port=relay.port
            )
    assert refused.value.recipients[0].code == code
    assert relay.received == []
