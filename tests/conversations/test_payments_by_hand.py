"""With no payment provider configured: the invoice message carries the bank details, and the
technician records payments by hand (/paid), lists what is owed (/unpaid) and voids (/void)."""

from __future__ import annotations

import pytest

from bot.business import load_business
from domain.customers import Channel
from tests.support.bookings import book_remote_support
from tests.support.chat import Person
from tests.support.payments import paid_by_eft
from tests.support.scene import Scene

NUMBER = "+27821234567"
BUNDLED = load_business(None)
pytestmark = pytest.mark.parametrize("business", [paid_by_eft(BUNDLED)], ids=["eft"])


async def sent_invoice(scene: Scene) -> tuple[Person, str]:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    [draft] = await technician.send(f"/invoice {reference}")
    await technician.send(option=draft.options[0].id)
    [invoice] = technician.others
    assert "EFT: FNB, acc 62001234567" in invoice.text
    return technician, reference


async def test_paid_in_part_then_in_full_by_hand(scene: Scene) -> None:
    technician, reference = await sent_invoice(scene)

    [part] = await technician.send(f"/paid {reference} eft R200")

    assert (
        part.text
        == f"INV-00001 ({reference}): R200.00 by EFT recorded, R350.00 still owed. Receipt sent."
    )
    [receipt] = technician.others
    assert receipt.recipient == NUMBER
    assert receipt.text.startswith("Receipt: thank you! We received R200.00 by EFT")
    assert "Still to pay: R350.00. EFT: FNB" in receipt.text
    [owed] = await technician.send("/unpaid")
    assert (
        owed.text.splitlines()[1]
        == f"INV-00001 {reference} Thandi Mokoena: R350.00 (of R550.00), today"
    )

    [rest] = await technician.send("/paid INV-00001 cash")

    assert rest.text == f"INV-00001 ({reference}) is paid: R350.00 in cash. Receipt sent."
    [none] = await technician.send("/unpaid")
    assert none.text == "No invoice is waiting to be paid."
    [nothing] = await technician.send(f"/paid {reference}")
    assert nothing.text == f"{reference} has no open invoice."


async def test_more_than_owed_or_no_amount_is_refused(scene: Scene) -> None:
    technician, reference = await sent_invoice(scene)

    [too_much] = await technician.send(f"/paid {reference} cash R900")
    [garbled] = await technician.send(f"/paid {reference} cash lots")

    assert too_much.text == "INV-00001 owes only R550.00; nothing was recorded."
    assert garbled.text.startswith('"lots" is not an amount like R250 or 250.50.')


async def test_void_sends_a_credit_note(scene: Scene) -> None:
    technician, reference = await sent_invoice(scene)

    [done] = await technician.send(f"/void {reference}")

    assert done.text == "INV-00001 is void; credit note CN-00001 issued. Customer told."
    [note] = technician.others
    assert note.text == (
        f"{reference}: invoice INV-00001 (R550.00) is cancelled by credit note CN-00001; "
        "you owe nothing on it. Sorry for the mix-up."
    )
    [again] = await technician.send("/void INV-00001")
    assert again.text == "INV-00001: it is void."
