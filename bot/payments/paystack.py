"""Paystack's payment requests through pypaystack2's async clients (its webhooks are read in
paystack_hooks.py, which needs no pypaystack2: it is imported only when Paystack is chosen,
as it holds some 40 MB). pypaystack2 reads
its server from the class attribute `_BASE_URL`; each client here gets its own on the
instance, so a stand-in's address never leaks into another client. Paystack takes no
idempotency key: the request carries ours in its metadata, and the customer's requests are
looked through for it before a new one is made."""

from __future__ import annotations

import re
from typing import Any

from httpx import HTTPError
from pydantic import BaseModel, ConfigDict
from pypaystack2.enums import Currency
from pypaystack2.exceptions import ClientNetworkError
from pypaystack2.sub_clients import AsyncCustomerClient, AsyncPaymentRequestClient

from bot.payments.paystack_hooks import NAME
from domain.payments import LinkRequest, PaymentLink, PaymentProviderError

PAGE = "https://paystack.com/pay/"  # a payment request's page, by its request code


class _AsGiven(BaseModel):
    """The data as Paystack sent it: read from `raw`, never refused for a missing field."""

    model_config = ConfigDict(extra="allow")


class PaystackRequests:
    name = NAME

    def __init__(self, secret_key: str, base_url: str, email_domain: str) -> None:
        self._customers = AsyncCustomerClient(secret_key)
        self._requests = AsyncPaymentRequestClient(secret_key)
        for client in (self._customers, self._requests):
            client._BASE_URL = base_url.rstrip("/")
        self._email_domain = email_domain

    async def create_link(self, request: LinkRequest) -> PaymentLink:
        customer = _data(
            await self._call(
                self._customers.create(
                    email=request.customer_email or self._stand_in_email(request),
                    first_name=request.customer_name or None,
                    phone=request.customer_phone,
                    alternate_model_class=_AsGiven,
                )
            )
        )
        code = str(customer["customer_code"])
        made = await self._made_already(code, request.key)
        if made is None:
            made = _data(
                await self._call(
                    self._requests.create(
                        customer=code,
                        amount=request.amount_cents,
                        description=request.description,
                        currency=Currency(request.currency),
                        metadata={"key": request.key},
                        send_notification=False,  # we send the link on the customer's channel
                        alternate_model_class=_AsGiven,
                    )
                )
            )
        request_code = str(made["request_code"])
        return PaymentLink(NAME, request_code, PAGE + request_code, request.amount_cents)

    async def paid_cents(self, link_id: str) -> int | None:
        found = _data(
            await self._call(
                self._requests.get_payment_request(link_id, alternate_model_class=_AsGiven)
            )
        )
        if not (found.get("status") == "success" or found.get("paid") is True):
            return None
        return int(found.get("amount_paid") or found["amount"])

    async def deactivate(self, link_id: str) -> None:
        await self._call(self._requests.archive(link_id, alternate_model_class=_AsGiven))

    async def close(self) -> None:
        """pypaystack2 opens a connection per call: nothing is kept open."""

    async def _made_already(self, customer_code: str, key: str) -> dict[str, Any] | None:
        listed = await self._call(
            self._requests.get_payment_requests(
                customer=customer_code, alternate_model_class=_AsGiven
            )
        )
        raw = listed.raw if isinstance(listed.raw, dict) else {}
        for made in raw.get("data") or []:
            if isinstance(made, dict) and (made.get("metadata") or {}).get("key") == key:
                return made
        return None

    def _stand_in_email(self, request: LinkRequest) -> str:
        """Paystack needs an e-mail address for a customer; one who gave none gets one made
        from their phone number at the business's own domain."""
        digits = re.sub(r"\D", "", request.customer_phone or "") or "customer"
        return f"{digits}@{self._email_domain}"

    async def _call(self, call: Any) -> Any:
        try:
            response = await call
        except (ClientNetworkError, HTTPError) as exc:
            raise PaymentProviderError(f"Paystack unreachable ({type(exc).__name__})") from exc
        if not response.status or int(response.status_code) >= 300:
            raise PaymentProviderError(f"Paystack answered {int(response.status_code)}")
        return response


def _data(response: Any) -> dict[str, Any]:
    raw = response.raw
    data = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(data, dict):
        raise PaymentProviderError("Paystack answered without data")
    return data
