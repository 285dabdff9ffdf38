"""The lines an invoice draft offers beside the service's price: work time at the business
file's hourly rate, a late cancellation's fee; each shown, and droppable before sending."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.business import load_business
from domain.customers import Channel
from tests.support.bookings import book_remote_support
from tests.support.payments import paid_by_eft
from tests.support.scene import Scene

BUNDLED = load_business(None)
# R400 an hour, R150 for cancelling late, and real-looking bank details to be paid by.
BILLING = replace(
    paid_by_eft(BUNDLED),
    hourly_rate_cents=40000,
    cancellation=replace(BUNDLED.cancellation, late_cancellation_fee_cents=15000),
)


@pytest.mark.parametrize("business", [BILLING])
async def test_work_time_is_offered_and_can_be_dropped_before_sending(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, "+27821234567")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    await technician.send(f"/time {reference} +1h30m")

    [draft] = await technician.send(f"/invoice {reference}")

    assert draft.text.startswith(f"Draft invoice for {reference}: R1 150.00")
    assert draft.text.endswith("\n+ Work time 1 h 30 min: R600.00")
    labels = [o.label for o in draft.options]
    assert labels == ["Send to the customer", "Don't send", "Drop Work time 1 h 30 min"]

    [again] = await technician.send(option=draft.options[2].id)

    assert again.text.startswith(f"Draft invoice for {reference}: R550.00")
    assert [o.label for o in again.options] == ["Send to the customer", "Don't send"]
    [sent] = await technician.send(option=again.options[0].id)
    assert sent.text.startswith("Sent the invoice.")
    [invoice] = technician.others
    assert [a.filename for a in invoice.attachments] == ["INV-00001.pdf"]


@pytest.mark.parametrize("business", [BILLING])
async def test_an_approved_late_cancellation_drafts_its_fee(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")  # in two hours: late
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    await thandi.send(option=f"change.yes.{reference}")
    [request] = thandi.others
    technician = scene.technician()

    result, draft = await technician.send(option=request.options[0].id)

    assert result.text == f"Cancelled {reference} (Tue 24 Nov, 12:00)."
    assert draft.text.startswith(f"Draft invoice for {reference}: R150.00")
    assert draft.text.endswith("\n+ Late cancellation fee: R150.00")
    [sent] = await technician.send(option=draft.options[0].id)
    assert sent.text.startswith("Sent the invoice. Told Thandi")


async def test_with_no_fee_set_a_late_cancellation_drafts_nothing(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    await thandi.send(option=f"change.yes.{reference}")
    [request] = thandi.others

    [result] = await scene.technician().send(option=request.options[0].id)

    assert result.text == f"Cancelled {reference} (Tue 24 Nov, 12:00)."
