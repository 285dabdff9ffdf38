"""E-mail as a channel: a customer's address, proven before use; what kinds of message e-mail
carries for them; and which of those kinds they may unsubscribe from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# Enough to catch a typo in chat; the relay's answer is the real test.
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class MailTopic(StrEnum):
    """What a message is about, which decides where it goes and whether it can be stopped."""

    CODE = "code"  # proving an address, and signing in with a proven one
    CONFIRMATION = "confirmation"  # a booking made, moved or cancelled
    DOCUMENT = "document"  # invoices, reports, receipts
    UPDATE = "update"  # a job's status changes
    REMINDER = "reminder"  # reminders and check-ups


# Sent whatever the customer unsubscribed from: they are the record of a deal.
TRANSACTIONAL = frozenset({MailTopic.CODE, MailTopic.CONFIRMATION, MailTopic.DOCUMENT})


class Route(StrEnum):
    """Where one kind of message goes for a customer."""

    CHAT = "chat"
    EMAIL = "email"
    BOTH = "both"

    @property
    def to_chat(self) -> bool:
        return self is not Route.EMAIL

    @property
    def to_email(self) -> bool:
        return self is not Route.CHAT


# The kinds a customer chooses a route for, with the route they start with.
DEFAULT_ROUTES = {
    MailTopic.CONFIRMATION: Route.BOTH,
    MailTopic.DOCUMENT: Route.BOTH,
    MailTopic.UPDATE: Route.CHAT,
    MailTopic.REMINDER: Route.CHAT,
}
NEXT_ROUTE = {Route.CHAT: Route.EMAIL, Route.EMAIL: Route.BOTH, Route.BOTH: Route.CHAT}


def email_address(text: str) -> str | None:
    """The address typed, trimmed and lower-cased in its domain; None if it is not one."""
    typed = text.strip().strip("<>").rstrip(".")
    if len(typed) > 254 or not _ADDRESS.fullmatch(typed):
        return None
    local, domain = typed.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


@dataclass(frozen=True, slots=True)
class EmailAddress:
    """A customer's address and where it stands: proven (its code, domain/sign_in.py, was
    typed back), or refused."""

    customer_id: int
    address: str
    proven_at: datetime | None = None
    refused_at: datetime | None = None  # a permanent refusal from the relay (5xx)

    @property
    def usable(self) -> bool:
        """May carry more than its own code."""
        return self.proven_at is not None and self.refused_at is None
