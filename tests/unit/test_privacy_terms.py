"""The business file's [privacy], the default notice's words, and what an erasure blanks."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.business import load_business
from domain.business import parse_business_config
from domain.erasure import ERASED, personal_words, scrub
from domain.errors import ConfigError
from domain.privacy import PrivacyTerms
from domain.privacy_notice import full_notice, short_notice

BUNDLED = load_business(None)
BUNDLED_FILE = Path(__file__).parents[2] / "bot" / "default_business.toml"


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads(BUNDLED_FILE.read_text(encoding="utf-8")))


def test_the_bundled_file_keeps_chats_a_year_and_invoices_five_years() -> None:
    terms = BUNDLED.privacy
    assert (terms.keep_conversations_days, terms.keep_closed_customers_days) == (365, 1095)
    assert terms.invoice_years == 5 and terms.notice_url is None
    assert terms.notice_link("https://burbgigz.test/") == "https://burbgigz.test/privacy"


def test_privacy_may_be_left_out_and_a_typo_or_a_short_invoice_period_is_refused(
    data: dict[str, Any],
) -> None:
    del data["privacy"]
    assert parse_business_config(data).privacy == PrivacyTerms()
    with pytest.raises(ConfigError, match=r"privacy\.keep_chats_days: unknown key"):
        parse_business_config(data | {"privacy": {"keep_chats_days": 3}})
    with pytest.raises(ConfigError, match=r"privacy\.invoice_years"):
        parse_business_config(data | {"privacy": {"invoice_years": 2}})
    with pytest.raises(ConfigError, match=r"privacy\.notice_url"):
        parse_business_config(data | {"privacy": {"notice_url": "burbgigz.co.za/privacy"}})
    own = parse_business_config(data | {"privacy": {"notice_text": "Ours.\n\nTwo."}})
    assert full_notice(own) == "Ours.\n\nTwo."


def test_the_default_notice_says_what_why_how_long_the_rights_and_how_to_ask() -> None:
    notice = full_notice(BUNDLED)
    for words in ("What we keep", "Why", "For how long", "Your rights", "How to ask"):
        assert words in notice
    assert "365 days" in notice and "5 years" in notice and "MY DATA" in notice
    short = short_notice("https://burbgigz.test/privacy", ask_check_ups=True)
    assert len(short) < 200 and "CHECK-UPS ON" in short


def test_an_erasure_blanks_the_name_its_parts_and_the_numbers_not_other_words() -> None:
    words = personal_words("Ann van Wyk", ["+27821234567"], "ann@example.com", ["1 Oak Road"])
    said = "Told Ann van Wyk (+27821234567, 082 123 4567) at 1 Oak Road; Annual van service. Ann?"
    assert scrub({"text": said}, words) == {
        "text": f"Told {ERASED} ({ERASED}, {ERASED}) at {ERASED}; Annual van service. {ERASED}?"
    }
