"""How texts are shaped for SMS and WhatsApp."""

from __future__ import annotations

import pytest

from bot.channels.twilio_text import (
    split_sms,
    template_variable,
    to_gsm7,
    with_numbered_options,
)
from domain.messages import Option
from tests.stubs.twilio_phone import num_segments


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("It’s “fine” — really…", 'It\'s "fine" - really...'),
        ("Thanks! 👍🏽 See you 🙂 soon", "Thanks! See you soon"),
        ("Zoë from Paarl, ê and ô", "Zoe from Paarl, e and o"),
        ("Café René, Müller, Ñandú", "Café René, Müller, Ñandu"),  # GSM-7 has é, ü, Ñ; not ú
        ("R1 234.50 at 10:00", "R1 234.50 at 10:00"),
        ("Name: 李雷", "Name: 李雷"),  # no GSM-7 spelling: kept, the SMS goes as UCS-2
    ],
)
def test_texts_are_spelt_in_gsm7_where_they_can_be(written: str, sent: str) -> None:
    assert to_gsm7(written) == sent


def test_long_sms_texts_are_cut_at_spaces_into_pieces_of_two_segments() -> None:
    text = " ".join(f"word{n}" for n in range(120))
    pieces = split_sms(text)
    assert len(pieces) == 3 and all(num_segments(p, "sms") <= 2 for p in pieces)
    assert " ".join(pieces) == text


def test_a_link_longer_than_two_segments_is_never_cut() -> None:
    link = "https://project.supabase.co/storage/v1/object/sign/burbgigz/jobs/7/x.pdf?token=" + (
        "eyJhbGciOiJIUzI1NiJ9" * 20
    )
    text = "Your documents and photos (each link works for 7 days):\n" + "\n".join(
        f"BG-100{n} service report (BG-100{n}-service-report.pdf): {link}" for n in range(3)
    )
    pieces = split_sms(text)
    assert sum(piece.count(link) for piece in pieces) == 3  # every link whole, in one piece
    assert pieces[0] == "Your documents and photos (each link works for 7 days):"
    assert all(len(piece) <= 1600 for piece in pieces)  # Twilio's limit for one message


def test_ucs2_texts_are_cut_to_two_ucs2_segments() -> None:
    pieces = split_sms("李雷 " * 100)
    assert all(num_segments(p, "sms") <= 2 for p in pieces)


def test_options_become_a_numbered_list_with_the_answers_to_give() -> None:
    options = (Option("a", "Book a service"), Option("b", "My jobs"))
    assert with_numbered_options("How can we help?", options) == (
        "How can we help?\n1. Book a service\n2. My jobs\nReply 1-2."
    )
    assert with_numbered_options("Done.", ()) == "Done."


def test_a_template_variable_is_one_line_within_whatsapps_limit() -> None:
    assert template_variable("Hi\n\n1. Yes\n2.    No\t!") == "Hi 1. Yes 2. No !"
    long = template_variable("x" * 2000)
    assert len(long) == 900 and long.endswith("...")
