"""Privacy (POPIA): what a customer was told and agreed to, who touched their data, what an
erasure keeps and why, and the business's privacy terms from the business file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.customers import Channel


class Consent(StrEnum):
    NOTICE = "privacy_notice"  # the short notice was shown on a channel
    CHECK_UPS = "check_ups"  # check-up reminders and offers: asked (granted False) or answered


class AuditAction(StrEnum):
    EXPORTED = "exported"
    CHANGED = "changed"
    ERASURE_ASKED = "erasure_asked"
    ERASED = "erased"
    OPENED_CARD = "opened_card"
    OPENED_HISTORY = "opened_history"


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    customer_id: int
    what: Consent
    granted: bool
    at: datetime
    channel: Channel | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One look at or change to a customer's data. `detail` never names the customer."""

    actor: str
    action: AuditAction
    customer_id: int | None
    at: datetime
    detail: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class KeptRecord:
    """What an erasure left in place because the law asks for it."""

    customer_id: int
    record: str
    reason: str
    at: datetime
    keep_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class PrivacyTerms:
    """The business file's [privacy]: where the full notice is, what it says when the service
    serves it itself, and how long conversations and closed customers are kept."""

    notice_url: str | None = None  # None: the service's own page, /privacy
    notice_text: str | None = None  # None: the default wording (domain.privacy_notice)
    keep_conversations_days: int = 365  # messages older than this are removed; 0: kept
    keep_closed_customers_days: int = 1095  # no job for this long: erased; 0: kept
    invoice_years: int = 5  # tax invoices kept this long, by law

    def notice_link(self, public_url: str) -> str:
        return self.notice_url or f"{public_url.rstrip('/')}/privacy"


ERASED_NAME = "(erased)"
INVOICE_REASON = "tax invoice: kept {years} years as the tax law requires (Tax Administration Act)"


@dataclass(frozen=True, slots=True)
class ExportedFile:
    key: str  # in the file store
    name: str  # in the download: "BG-1001/7-photo.jpg"


@dataclass(frozen=True, slots=True)
class DataExport:
    """Everything held about a customer: JSON-ready data, and the files to put beside it."""

    data: dict[str, Any]
    files: tuple[ExportedFile, ...]


DEFAULT_TERMS = PrivacyTerms()
