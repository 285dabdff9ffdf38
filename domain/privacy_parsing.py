"""Reading the business file's optional [privacy] table; every key has a default."""

from __future__ import annotations

from domain.business_parsing import Fields, keys_of
from domain.privacy import PrivacyTerms


def privacy_terms(privacy: Fields) -> PrivacyTerms:
    found: dict[str, object] = {}
    if privacy.has("notice_url"):
        found["notice_url"] = privacy.matching(
            "notice_url", r"https?://\S+", "expected a web address starting with https://"
        )
    if privacy.has("notice_text"):
        found["notice_text"] = privacy.text("notice_text")
    for days in ("keep_conversations_days", "keep_closed_customers_days"):
        if privacy.has(days):
            found[days] = privacy.whole(days, 0, "days")
    if privacy.has("invoice_years"):
        found["invoice_years"] = privacy.whole("invoice_years", 5, "years")
    return PrivacyTerms(**found)  # type: ignore[arg-type]


PRIVACY_KEYS = keys_of(PrivacyTerms)[1]
