"""The app with a payment provider's stand-in (Yoco's or Paystack's), for tests run with each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any, Protocol

from domain.business import BusinessConfig
from tests.stubs.paystack_api import FakePaystack
from tests.stubs.yoco_api import FakeYoco
from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons
from tests.support.twilio_service import THANDI, Service, Start

PROVIDERS = ("yoco", "paystack")


def paid_by_eft(business: BusinessConfig) -> BusinessConfig:
    """The business with real-looking bank details: the bundled placeholders pay no one."""
    bank = replace(business.payment, bank="FNB", account_number="62001234567")
    return replace(business, payment=replace(bank, branch_code="250655"))


WHATSAPP_CUSTOMER = "+27829876543"


class PaymentStandIn(Protocol):
    """What the Yoco and Paystack stand-ins share: their links and the customer paying."""

    name: str
    webhook_target: str
    down: bool

    @property
    def links(self) -> dict[str, Any]: ...
    def settings(self) -> dict[str, Any]: ...
    def status_of(self, link_id: str) -> str: ...
    def paid_quietly(self, link_id: str) -> None: ...
    async def pay(
        self,
        link_id: str,
        *,
        amount: int | None = None,
        forged: bool = False,
        stale: bool = False,
    ) -> int: ...
    async def replay(self) -> int: ...


@dataclass
class Paying:
    service: Service
    provider: PaymentStandIn

    @property
    def only_link(self) -> str:
        [link_id] = self.provider.links
        return link_id


@asynccontextmanager
async def stand_in(name: str) -> AsyncIterator[PaymentStandIn]:
    if name == "yoco":
        async with FakeYoco() as yoco:
            yield yoco
    else:
        async with FakePaystack() as paystack:
            yield paystack


async def started_with(start: Start, provider: PaymentStandIn, **overrides: Any) -> Paying:
    service = await start(**(provider.settings() | overrides))
    provider.webhook_target = str(service.client.make_url("")).rstrip("/")
    return Paying(service, provider)


async def customer_on(service: Service, channel: str) -> tuple[str, str]:
    """A customer who booked a remote session on `channel`: their address and the job."""
    if channel == "telegram":
        await book_with_buttons(service.client, CUSTOMER_CHAT, "0821112222")
        await service.technician_sees("BG-1001")
        return str(CUSTOMER_CHAT), "BG-1001"
    number = WHATSAPP_CUSTOMER if channel == "whatsapp" else THANDI
    return number, await service.book(
        number, channel="whatsapp" if channel == "whatsapp" else "sms"
    )
