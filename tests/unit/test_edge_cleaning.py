"""What the edge does with text and shapes from outside: cleaning (NULs, lone surrogates,
lengths), the Telegram update's shape, the media hosts, secrets compared as bytes, and what
reaches the log (no SQL parameters, no traceback for a malformed request)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp.http_exceptions import BadHttpMessage

from bot.channels.base import MediaRefused
from bot.channels.media_hosts import MediaHosts
from bot.channels.telegram_shape import update_problem
from bot.http_input import QuietMalformedRequests, same_secret
from domain.clean_text import MAX_NAME, MAX_PLATFORM_ID, clean_inbound, clean_text
from domain.customers import Channel
from domain.messages import Attachment, Inbound
from storage.database import create_engine
from tests.stubs.telegram_updates import callback_update, message_update, photo_update


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("plain", "plain"),
        ("a\x00b", "ab"),
        ("a\ud800b", "a\ufffdb"),
        ("\udfff", "\ufffd"),
        ("\ud83d\ude00", "\U0001f600"),  # a pair written as two escapes is one character
        (42, ""),
        (["a"], ""),
    ],
)
def test_text_is_cleaned(given: object, kept: str) -> None:
    assert clean_text(given, 100) == kept


def test_a_message_is_cleaned_to_its_columns() -> None:
    message = Inbound(
        Channel.SMS,
        "+27821234567",
        "SM" + "9" * 10_000,
        datetime.now(UTC),
        text="hi\x00",
        sender_name="N" * 5000,
        media=(Attachment("ref", "image/png", "a\x00.png", "cap\ud800"),),
    )
    cleaned = clean_inbound(message)
    assert len(cleaned.platform_id) == MAX_PLATFORM_ID and len(cleaned.sender_name) == MAX_NAME
    assert cleaned.text == "hi"
    assert (cleaned.media[0].filename, cleaned.media[0].caption) == ("a.png", "cap\ufffd")


def _with(update: dict[str, Any], **fields: Any) -> dict[str, Any]:
    kind = "message" if "message" in update else "callback_query"
    update[kind] |= fields
    return update


@pytest.mark.parametrize(
    "update",
    [
        message_update(1, "hi"),
        callback_update(1, "menu", message_id=5),
        photo_update(1, "file", caption="look"),
        message_update(1, "re", reply_to_message_id=3),
    ],
)
def test_telegram_updates_as_telegram_sends_them_pass(update: dict[str, Any]) -> None:
    assert update_problem(update) is None


@pytest.mark.parametrize(
    "update",
    [
        [],
        {"message": {}},
        _with(message_update(1, "hi"), text=5),
        _with(message_update(1, "hi"), date=10**20),
        _with(message_update(1, "hi"), chat={"id": "x", "type": "private"}),
        _with(message_update(1, "hi"), chat={"id": 2**70, "type": "private"}),
        _with(callback_update(1, "menu", message_id=5), data=["x"]),
        _with(message_update(1, "hi"), photo="x"),
    ],
)
def test_telegram_updates_of_other_shapes_are_refused(update: object) -> None:
    assert update_problem(update) is not None


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("https://api.twilio.com/2010-04-01/x", "https://api.twilio.com/2010-04-01/x"),
        ("https://media.twiliocdn.com/a", "https://media.twiliocdn.com/a"),
        ("https://user:pw@api.twilio.com/x", "https://api.twilio.com/x"),
        ("http://127.0.0.1:8080/admin", None),
        ("https://twilio.com.evil.test/x", None),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
    ],
)
def test_media_only_from_the_platforms_hosts(url: str, fetched: str | None) -> None:
    hosts = MediaHosts(["api.twilio.com", "*.twiliocdn.com"])
    if fetched is None:
        with pytest.raises(MediaRefused):
            hosts.checked(url)
    else:
        assert str(hosts.checked(url)) == fetched


def test_a_host_with_a_port_allows_that_port_only() -> None:
    hosts = MediaHosts(["127.0.0.1:9000"])
    assert hosts.checked("http://127.0.0.1:9000/m").port == 9000
    with pytest.raises(MediaRefused):
        hosts.checked("http://127.0.0.1:9001/m")


@pytest.mark.parametrize("given", ["s3cret", "\udcff\udcfe", "ключ", "\ud800", None])
def test_secrets_are_compared_whatever_the_text(given: str | None) -> None:
    assert same_secret(given, "s3cret") is (given == "s3cret")


def test_a_malformed_request_is_one_quiet_line() -> None:
    error = BadHttpMessage("Invalid header value char: b'secret\\x00'")
    record = logging.LogRecord(
        "aiohttp.server", logging.ERROR, __file__, 1, "Error handling request", (), None
    )
    record.exc_info = (type(error), error, None)
    QuietMalformedRequests().filter(record)
    assert record.levelno == logging.DEBUG and record.exc_info is None
    assert "secret" not in record.getMessage()


@pytest.mark.parametrize("url", ["sqlite:///x.db", "postgresql://u@127.0.0.1/db"])
def test_failed_statements_never_show_their_parameters(url: str) -> None:
    engine = create_engine(url)
    assert engine.sync_engine.hide_parameters
