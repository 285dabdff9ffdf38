"""Paystack's webhooks: signed with HMAC-SHA512 of the raw body by the secret key (in
x-paystack-signature); the paid payment request read from the event. Kept apart from
paystack.py so that serving them never loads pypaystack2."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from bot.http_input import same_secret
from domain.payments import LinkPaid

NAME = "paystack"
PAID_EVENTS = frozenset({"paymentrequest.success"})


def signature_ok(secret_key: str, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret_key.encode(), body, hashlib.sha512).hexdigest()
    return same_secret(signature, expected)  # bytes: a non-ASCII header is simply wrong


def paid_event(event: Any) -> LinkPaid | None:
    """A paid payment request; None for any other event. A request is paid once, so its code
    names the event: Paystack's retries of it are replays."""
    if not isinstance(event, dict) or event.get("event") not in PAID_EVENTS:
        return None
    data = event.get("data") or {}
    if not data.get("request_code"):
        return None
    return LinkPaid(
        provider=NAME,
        event_id=f"{event['event']}:{data['request_code']}",
        link_id=str(data["request_code"]),
        amount_cents=int(data["amount"]),
        currency=str(data.get("currency", "")),
    )
