"""What stops an invoice from going out, told to the technician in the admin chat; and a VAT
vendor's invoice, a tax invoice with its VAT line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from domain.customers import Channel
from tests.support.bookings import book_remote_support
from tests.support.business import business_paid_by_eft
from tests.support.scene import Scene

NUMBER = "+27821234567"
PLACEHOLDERS = (
    'The bank details in the business file are still placeholders ("PLACEHOLDER BANK", '
    "account 0000000000), and there is no payment link, so the customer could not pay. Put "
    "the real details in the [payment] section of the business file and restart the service, "
    "then make the invoice again."
)


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


async def test_an_invoice_with_placeholder_bank_details_is_refused_with_the_reason(
    scene: Scene,
) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()

    [draft] = await technician.send(f"/invoice {reference}")

    assert draft.text == (
        f"Draft invoice for {reference}: R550.00. It gets its number when you send it.\n\n"
        f"It cannot be sent yet. {PLACEHOLDERS}"
    )
    [refused] = await technician.send(option=draft.options[0].id)

    assert refused.text == f"Not sent. {PLACEHOLDERS}"
    assert technician.others == []  # nothing reached the customer
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        assert await uow.records.files(job.id) == []
        draft_kept = await uow.invoices.get(1)  # the only invoice of a fresh database
    assert draft_kept is not None and draft_kept.number is None  # no number was used up


@pytest.mark.parametrize("business", [business_paid_by_eft(vat_number="4123456789")])
async def test_a_vat_vendors_invoice_is_a_tax_invoice(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()

    [draft] = await technician.send(f"/invoice {reference}")

    assert draft.text.startswith(f"Draft invoice for {reference}: R550.00 including VAT.")
    [done] = await technician.send(option=draft.options[0].id)
    assert done.text == "Sent the invoice. Told Thandi Mokoena on SMS."
    [sent] = technician.others
    text = pdf_text(scene.files / sent.attachments[0].ref)
    assert "Tax Invoice" in text and "VAT number: 4123456789" in text and "INV-00001" in text
    # R550.00 VAT included: R71.74 of it is VAT.
    assert "VAT at 15% R71.74" in text and "Total incl. VAT R550.00" in text
    assert "Thandi Mokoena" in text and "+27 82 123 4567" in text


@pytest.mark.parametrize("business", [business_paid_by_eft(vat_number="4123456789")])
async def test_a_tax_invoice_above_r5000_without_the_customers_address_is_flagged(
    scene: Scene,
) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()

    [draft] = await technician.send(f"/invoice {reference} New laptop R6000")

    assert draft.text == (
        f"Draft invoice for {reference}: R6 550.00 including VAT. It gets its number when you "
        "send it.\n\nAbove R5 000 a tax invoice must show the customer's address, and this one "
        "does not."
    )
