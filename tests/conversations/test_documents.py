"""/report and /invoice: prepared, shown to the technician, sent to the customer on OK."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from domain.customers import Channel
from domain.messages import Attachment
from domain.records import AttachmentKind
from tests.support.bookings import book_remote_support
from tests.support.business import with_real_bank_details
from tests.support.scene import Scene

NUMBER = "+27821234567"
# The bundled file's placeholder bank details stop an invoice (see test_invoice_sending).
pytestmark = with_real_bank_details


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


async def test_an_invoice_is_shown_as_a_draft_then_numbered_and_sent(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()

    [draft] = await technician.send(f"/invoice {reference} Network cable 2x R120")

    assert draft.text == (
        f"Draft invoice for {reference}: R790.00. It gets its number when you send it."
    )
    send, _drop = draft.options
    assert [o.label for o in draft.options] == ["Send to the customer", "Don't send"]
    [shown] = draft.attachments
    text = pdf_text(scene.files / shown.ref)
    assert "DRAFT" in text and "Total R790.00" in text and "VAT" not in text  # not a vendor
    assert technician.others == []  # nothing reaches the customer yet

    [done] = await technician.send(option=send.id)

    assert done.text == "Sent the invoice. Told Thandi Mokoena on SMS."
    [sent] = technician.others
    assert sent.recipient == NUMBER and reference in sent.text
    [invoice] = sent.attachments
    assert (invoice.filename, invoice.content_type) == ("INV-00001.pdf", "application/pdf")
    text = pdf_text(scene.files / invoice.ref)
    assert "INV-00001" in text and "Total R790.00" in text and "DRAFT" not in text
    assert "Branch code" in text and "Network cable" in text
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [kept] = await uow.records.files(job.id)
    assert (kept.kind, kept.key, kept.size) == (
        AttachmentKind.INVOICE,
        invoice.ref,
        (scene.files / invoice.ref).stat().st_size,
    )
    [again] = await technician.send(option=send.id)  # a second tap sends nothing twice
    assert again.text.startswith("That document was dealt with already")


async def test_a_service_report_holds_the_job_and_its_pictures(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    await technician.send(f"/note {reference} visible Use the blue cable for the printer")
    await technician.send(f"/note {reference} private Customer's password is on a sticky note")
    await technician.send(f"/time {reference} +45m")
    before = Attachment("before.jpg", "image/jpeg", "before.jpg")
    after = Attachment("after.png", "image/png", "after.png")
    await technician.send(f"{reference} before", media=(before,))
    await technician.send(f"{reference} after", media=(after,))

    [shown] = await technician.send(f"/report {reference}")

    assert shown.text == f"The service report for {reference}. Send it to Thandi Mokoena?"
    [report] = shown.attachments
    reader = PdfReader(io.BytesIO((scene.files / report.ref).read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reference in text and "Printer offline" in text and "45 min" in text
    assert "Use the blue cable" in text and "sticky note" not in text
    assert sum(len(page.images) for page in reader.pages) == 2  # before and after
    await technician.send(option=shown.options[0].id)
    [sent] = technician.others
    assert [a.filename for a in sent.attachments] == [f"{reference}-service-report.pdf"]


async def test_before_and_after_are_sent_side_by_side_once_both_are_there(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(thandi, "Printer offline")
    technician = scene.technician()
    await technician.send(f"{reference} before", media=(Attachment("b.jpg", "image/jpeg"),))
    [only_before] = technician.others
    assert len(only_before.attachments) == 1
    await technician.send(f"{reference} after", media=(Attachment("a.png", "image/png"),))
    [sent] = technician.others
    _photo, both = sent.attachments
    assert (both.filename, both.caption) == (
        f"{reference}-before-and-after.jpg",
        "Before and after",
    )
    with Image.open(scene.files / both.ref) as image:
        assert image.format == "JPEG" and image.width > image.height  # two pictures wide


async def test_an_older_documents_button_does_not_send_the_newer_one(scene: Scene) -> None:
    thandi = scene.person(Channel.SMS, NUMBER, name="")
    first_job = await book_remote_support(thandi, "Printer offline")
    sipho = scene.person(Channel.SMS, "+27821110002", name="")
    second_job = await book_remote_support(sipho, "Router")
    technician = scene.technician()
    [report] = await technician.send(f"/report {first_job}")
    [invoice] = await technician.send(f"/invoice {second_job}")

    [stale] = await technician.send(option=report.options[0].id)  # the report's Send, later

    assert stale.text == (
        "Those buttons belong to an earlier document, so nothing was sent. "
        f"The latest one, for {second_job}, is still waiting for your OK."
    )
    assert technician.others == []
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(second_job)
        assert job is not None and job.id is not None
        assert await uow.records.files(job.id) == []  # the invoice was not issued
    [done] = await technician.send(option=invoice.options[0].id)
    assert done.text.startswith("Sent the invoice. Told")
    [sent] = technician.others
    assert sent.recipient == "+27821110002" and sent.attachments[0].filename == "INV-00001.pdf"
