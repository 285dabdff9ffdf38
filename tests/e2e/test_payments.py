"""Getting paid, end to end through Yoco's and Paystack's stand-ins: the link in the invoice
message on every channel, the signed webhook that pays it (and the ones that must not), cash
and EFT in the admin chat, /unpaid, /void, one link however often an issue is retried, and
the reconciliation that finds a payment whose webhook never came."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.business import load_business
from bot.keys import SETTINGS
from bot.payments.provider import payment_provider
from bot.wiring import FOLLOW_UPS, RECONCILIATION
from domain.payments import LinkRequest
from tests.support.clock import MovableClock
from tests.support.invoices import invoice_sent, said_to, tap_again
from tests.support.payments import PROVIDERS, Paying, customer_on, stand_in, started_with
from tests.support.twilio_service import Start

RECEIPT = "Receipt: thank you! We received R550.00 {how} for invoice INV-00001 ({reference})."


@pytest.fixture(params=PROVIDERS)
async def paying(request: pytest.FixtureRequest, start: Start) -> AsyncIterator[Paying]:
    async with stand_in(request.param) as provider:
        yield await started_with(start, provider)


async def no_reminder_a_week_on(paying: Paying, clock: MovableClock, channel: str, to: str) -> None:
    clock.advance(days=8)
    await paying.service.client.app[FOLLOW_UPS].run()
    await paying.service.settled()
    assert not [t for t in said_to(paying.service, channel, to) if "friendly reminder" in t]


@pytest.mark.parametrize("channel", ["telegram", "whatsapp", "sms"])
async def test_a_link_paid_through_a_signed_webhook_pays_the_invoice(
    paying: Paying, channel: str, clock: MovableClock
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, channel)

    await invoice_sent(service, reference)

    link = paying.only_link
    assert [t for t in said_to(service, channel, to) if link in t and "R550.00" in t]
    assert await provider.pay(link) == 200
    await service.settled()
    receipt = RECEIPT.format(how="by card", reference=reference) + " It is paid in full."
    assert receipt in said_to(service, channel, to)
    await service.technician_sees(f"INV-00001 ({reference}) paid: R550.00 by card. Receipt sent.")
    await no_reminder_a_week_on(paying, clock, channel, to)


@pytest.mark.parametrize(
    ("paying", "trouble", "answer"),
    [
        ("yoco", "forged", 401),
        ("yoco", "stale", 401),
        ("yoco", "wrong amount", 200),
        ("paystack", "forged", 401),
        ("paystack", "wrong amount", 200),
    ],
    indirect=["paying"],
)
async def test_a_forged_stale_or_wrong_webhook_changes_nothing(
    paying: Paying, trouble: str, answer: int
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "sms")
    await invoice_sent(service, reference)

    status = await provider.pay(
        paying.only_link,
        forged=trouble == "forged",
        stale=trouble == "stale",
        amount=100 if trouble == "wrong amount" else None,
    )

    assert status == answer
    await service.settled()
    assert not [t for t in said_to(service, "sms", to) if t.startswith("Receipt")]
    await service.technician_says("/unpaid")
    await service.technician_sees(f"INV-00001 {reference} Thandi: R550.00, today")


async def test_a_replayed_event_is_taken_once(paying: Paying) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "sms")
    await invoice_sent(service, reference)
    assert await provider.pay(paying.only_link) == 200
    await service.settled()

    assert await provider.replay() == 200

    await service.settled()
    receipts = [t for t in said_to(service, "sms", to) if t.startswith("Receipt")]
    assert len(receipts) == 1
    assert len(service.technician_got("paid: R550.00 by card")) == 1


async def test_paid_in_cash_sends_the_receipt_and_closes_the_link(
    paying: Paying, clock: MovableClock
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "whatsapp")
    await invoice_sent(service, reference)

    await service.technician_says(f"/paid {reference} cash")

    await service.technician_sees(f"INV-00001 ({reference}) is paid: R550.00 in cash.")
    await service.settled()
    receipt = RECEIPT.format(how="in cash", reference=reference)
    assert [t for t in said_to(service, "whatsapp", to) if t.startswith(receipt)]
    assert provider.status_of(paying.only_link) == "inactive"
    # A payment through the closed link afterwards changes nothing, and the technician knows.
    assert await provider.pay(paying.only_link) == 200
    await service.technician_sees("paid through a closed link of INV-00001")
    assert len([t for t in said_to(service, "whatsapp", to) if t.startswith("Receipt")]) == 1
    await no_reminder_a_week_on(paying, clock, "whatsapp", to)


async def test_unpaid_lists_each_open_invoice_with_its_age_and_a_part_paid(
    paying: Paying, clock: MovableClock
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "sms")
    await invoice_sent(service, reference)
    clock.advance(days=3)

    await service.technician_says("/paid INV-00001 eft R200")

    await service.technician_sees("R200.00 by EFT recorded, R350.00 still owed")
    [old, new] = provider.links
    assert provider.status_of(old) == "inactive" and provider.status_of(new) == "active"
    await service.settled()
    assert [t for t in said_to(service, "sms", to) if "Still to pay: R350.00" in t and new in t]
    await service.technician_says("/unpaid")
    await service.technician_sees(f"INV-00001 {reference} Thandi: R350.00 (of R550.00), 3 days")


async def test_void_stops_the_reminder_and_the_link_with_a_credit_note(
    paying: Paying, clock: MovableClock
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "sms")
    await invoice_sent(service, reference)

    await service.technician_says("/void INV-00001")

    await service.technician_sees("INV-00001 is void; credit note CN-00001 issued. Customer told.")
    await service.settled()
    assert [t for t in said_to(service, "sms", to) if "credit note CN-00001" in t]
    assert provider.status_of(paying.only_link) == "inactive"
    await no_reminder_a_week_on(paying, clock, "sms", to)


async def test_a_retried_issue_makes_one_link(paying: Paying) -> None:
    service, provider = paying.service, paying.provider
    _, reference = await customer_on(service, "sms")
    press = await invoice_sent(service, reference)

    await tap_again(service, press)
    await service.technician_sees("That document was dealt with already")

    assert len(provider.links) == 1
    # An issue whose transaction failed after the link was made asks again with the same key
    # (the invoice and what it owes): the provider gives back the link it made.
    configured = payment_provider(service.client.app[SETTINGS], load_business(None))
    assert configured is not None
    request = LinkRequest(
        "invoice-1-owing-55000", 55000, "INV-00001", "Thandi", None, "+27821234567"
    )
    first = await configured.links.create_link(request)
    second = await configured.links.create_link(request)
    await configured.links.close()
    assert first.link_id == second.link_id == paying.only_link


async def test_an_invoice_waits_while_the_provider_does_not_answer(paying: Paying) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "sms")
    provider.down = True

    press = await invoice_sent(service, reference)

    await service.technician_sees("The invoice was not sent: ")
    assert not [t for t in said_to(service, "sms", to) if "INV-" in t]
    provider.down = False
    await tap_again(service, press)
    link = paying.only_link
    assert [t for t in said_to(service, "sms", to) if link in t]
    await service.technician_says("/unpaid")
    await service.technician_sees(f"INV-00001 {reference} Thandi: R550.00, today")


async def test_the_reconciliation_finds_a_payment_whose_webhook_never_came(
    paying: Paying,
) -> None:
    service, provider = paying.service, paying.provider
    to, reference = await customer_on(service, "telegram")
    await invoice_sent(service, reference)
    provider.paid_quietly(paying.only_link)

    reconciliation = service.client.app[RECONCILIATION]
    assert reconciliation is not None
    assert await reconciliation.run() == 1

    await service.technician_sees(f"INV-00001 ({reference}) paid: R550.00 by card.")
    await service.settled()
    receipt = RECEIPT.format(how="by card", reference=reference)
    assert [t for t in said_to(service, "telegram", to) if t.startswith(receipt)]
    assert await reconciliation.run() == 0  # asked again only tomorrow, and it is paid
