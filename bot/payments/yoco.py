"""Yoco's Payment Links API (amounts in cents, ZAR, a Bearer secret key) and its webhooks,
signed by the Standard Webhooks scheme. Yoco has no official Python SDK, so this speaks HTTP:
POST {base}/v1/payment_links/ (with an Idempotency-Key, so a retried issue gets the same
link), GET {base}/v1/payment_links/{id}, POST {base}/v1/payment_links/{id}/deactivate."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from standardwebhooks import Webhook, WebhookVerificationError

from domain.payments import LinkPaid, LinkRequest, PaymentLink, PaymentProviderError

log = logging.getLogger(__name__)

NAME = "yoco"
TIMEOUT_SECONDS = 10
PAID_EVENTS = frozenset({"payment.succeeded"})


class YocoLinks:
    name = NAME

    def __init__(self, secret_key: str, base_url: str) -> None:
        self._secret_key = secret_key
        self._base_url = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    async def create_link(self, request: LinkRequest) -> PaymentLink:
        body = {
            "amount": request.amount_cents,
            "currency": request.currency,
            "customer_description": request.description,
            "customer_reference": request.customer_name,
            "external_id": request.key,
        }
        made = await self._call("POST", "/v1/payment_links/", body, idempotency_key=request.key)
        return PaymentLink(NAME, str(made["id"]), str(made["url"]), request.amount_cents)

    async def paid_cents(self, link_id: str) -> int | None:
        found = await self._call("GET", f"/v1/payment_links/{link_id}")
        return int(found["amount"]) if found.get("status") == "paid" else None

    async def deactivate(self, link_id: str) -> None:
        await self._call("POST", f"/v1/payment_links/{link_id}/deactivate")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        if self._session is None:
            timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout)
        headers = {"Authorization": f"Bearer {self._secret_key}"}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        try:
            async with self._session.request(
                method, self._base_url + path, json=body, headers=headers
            ) as response:
                answer = await response.json(content_type=None)
                if response.status >= 300 or not isinstance(answer, dict):
                    raise PaymentProviderError(f"Yoco answered {response.status} to {method}")
                return answer
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise PaymentProviderError(f"Yoco unreachable ({type(exc).__name__})") from exc


class YocoWebhooks:
    """Verifies a webhook (signature over id.timestamp.body, timestamp within five minutes)
    and reads a paid event from it."""

    def __init__(self, webhook_secret: str) -> None:
        self._webhook = Webhook(webhook_secret)

    def verified(self, body: bytes, headers: Mapping[str, str]) -> Any | None:
        """The event, or None when the signature or the timestamp is wrong."""
        try:
            return self._webhook.verify(body, dict(headers))
        except (WebhookVerificationError, ValueError) as exc:
            log.warning("Yoco webhook refused: %s", exc)
            return None


def paid_event(event: Any) -> LinkPaid | None:
    """A succeeded payment through one of our links; None for any other event."""
    if not isinstance(event, dict) or event.get("type") not in PAID_EVENTS:
        return None
    payload = event.get("payload") or {}
    link_id = (payload.get("metadata") or {}).get("paymentLinkId")
    if not link_id or payload.get("status", "succeeded") != "succeeded":
        return None
    return LinkPaid(
        provider=NAME,
        event_id=str(event["id"]),
        link_id=str(link_id),
        amount_cents=int(payload["amount"]),
        currency=str(payload.get("currency", "")),
    )
