"""The e-mail channel's parts that need no relay: an address typed in chat, the settings of
the relay, the unsubscribe links, and an outbound message made into an e-mail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.business import load_business
from bot.channels.email_compose import FileToAttach, Letterhead, compose
from bot.channels.email_links import UnsubscribeLinks
from bot.settings import Settings
from domain.customers import Channel
from domain.email import EmailAddress, MailTopic, email_address
from domain.messages import Outbound

INFO = load_business(None).business
HEAD = Letterhead("BurbGigz <shop@burbgigz.test>", INFO, "https://burbgigz.test")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (" Thandi.M+jobs@Example.CO.ZA. ", "Thandi.M+jobs@example.co.za"),
        ("<thandi@example.com>", "thandi@example.com"),
        ("thandi at example.com", None),
        ("thandi@localhost", None),
        ("two@words@example.com", None),
        ("", None),
    ],
)
def test_an_address_typed_in_chat(typed: str, kept: str | None) -> None:
    assert email_address(typed) == kept


def test_an_address_is_usable_once_proven_and_until_refused() -> None:
    at = datetime(2026, 11, 24, tzinfo=UTC)
    given = EmailAddress(1, "thandi@example.com")
    assert not given.usable
    assert EmailAddress(1, "thandi@example.com", proven_at=at).usable
    assert not EmailAddress(1, "thandi@example.com", proven_at=at, refused_at=at).usable


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"smtp_host": "smtp.example.com"}, "SMTP_HOST and EMAIL_FROM go together"),
        ({"email_from": "shop@example.com"}, "SMTP_HOST and EMAIL_FROM go together"),
        (
            {"smtp_host": "h", "email_from": "e@x.co", "smtp_tls": True, "smtp_starttls": True},
            "SMTP_TLS and SMTP_STARTTLS exclude each other",
        ),
    ],
)
def test_relay_settings_that_cannot_work_are_refused(values: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_tls_alone_and_the_password_kept_secret() -> None:
    settings = Settings(
        _env_file=None, smtp_host="smtp.example.com", email_from="shop@example.com",
        smtp_tls=True, smtp_port=465, smtp_password="relay-secret",
    )  # fmt: skip
    assert settings.smtp_tls and "relay-secret" in settings.secret_values()
    assert "relay-secret" not in repr(settings)


async def _key() -> str:
    return "a key for the tests"


async def test_an_unsubscribe_link_names_its_address_and_kind_and_cannot_be_altered() -> None:
    links = UnsubscribeLinks(_key, "https://burbgigz.test/")
    url = await links.url("thandi@example.com", MailTopic.UPDATE)
    assert url.startswith("https://burbgigz.test/email/unsubscribe/")
    token = url.rsplit("/", 1)[1]
    assert await links.read(token) == ("thandi@example.com", MailTopic.UPDATE)
    other = await links.url("sipho@example.com", MailTopic.UPDATE)
    forged = other.rsplit("/", 1)[1].split(".")[0] + "." + token.split(".")[1]
    assert await links.read(forged) is None
    assert await links.read("nonsense") is None


def test_an_email_has_both_parts_its_files_and_no_unsafe_html() -> None:
    message = Outbound(
        Channel.EMAIL, "thandi@example.com", "BG-1001 <b>booked</b>\nFollow it: https://x.test/s/a",
        subject="BG-1001: Fri 27 Nov, 10:00", topic="confirmation",
    )  # fmt: skip
    ics = FileToAttach(b"BEGIN:VCALENDAR", "text/calendar; method=REQUEST", "BG-1001.ics")

    mail = compose(HEAD, message, [ics], outbox_id=7, unsubscribe_url=None)

    assert str(mail["Reply-To"]) == f"{INFO.shown_name} <{INFO.email}>"
    assert str(mail["Subject"]) == "BG-1001: Fri 27 Nov, 10:00"
    assert "List-Unsubscribe" not in mail
    html = mail.get_body(("html",))
    text = mail.get_body(("plain",))
    assert html is not None and text is not None
    page = html.get_content()
    assert "&lt;b&gt;booked&lt;/b&gt;" in page and "<b>" not in page
    assert '<a href="https://x.test/s/a">https://x.test/s/a</a>' in page
    assert "To reach us in chat, open https://burbgigz.test " in text.get_content()
    [attached] = mail.iter_attachments()
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_param("method") == "REQUEST"


def test_a_kind_that_can_be_stopped_says_how_in_its_headers_and_its_foot() -> None:
    message = Outbound(Channel.EMAIL, "thandi@example.com", "Started", topic="update")
    url = "https://burbgigz.test/email/unsubscribe/abc.def"

    mail = compose(HEAD, message, [], outbox_id=8, unsubscribe_url=url)

    assert str(mail["List-Unsubscribe"]) == f"<{url}>"
    assert str(mail["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    text = mail.get_body(("plain",))
    assert text is not None and f"Stop e-mails like this one: {url}" in text.get_content()
