"""/invoice BG-… confirmed in the technician's chat reaches the customer on their own channel:
a PDF document on Telegram, media that Twilio fetches on WhatsApp, a link that opens on SMS."""

from __future__ import annotations

import re

from yarl import URL

from tests.stubs.telegram_api import UploadedFile
from tests.support.business import with_real_bank_details
from tests.support.invoices import invoice_sent, pdf_text
from tests.support.telegram_service import CUSTOMER_CHAT, book_with_buttons
from tests.support.twilio_service import THANDI, Service

pytestmark = with_real_bank_details  # the bundled file's placeholders would stop the invoice
WHATSAPP_CUSTOMER = "+27829876543"
# Remote support is R550.00 in the bundled business file (which has no VAT number).
TOTAL = "Total R550.00"


async def test_a_telegram_customer_gets_the_invoice_as_a_pdf_document(service: Service) -> None:
    chat = CUSTOMER_CHAT
    await book_with_buttons(service.client, chat, "0821112222")
    await service.technician_sees("BG-1001")

    await invoice_sent(service, "BG-1001")

    [document] = await service.telegram.wait_for("sendDocument", chat_id=chat)
    upload = document["document"]
    assert isinstance(upload, UploadedFile) and upload.filename == "INV-00001.pdf"
    text = pdf_text(upload.data)
    assert "INV-00001" in text and TOTAL in text and "DRAFT" not in text
    assert document["caption"] == "Your invoice for BG-1001"
    await service.technician_sees("Sent the invoice. Told")


async def test_a_whatsapp_customer_gets_the_invoice_as_media(service: Service) -> None:
    reference = await service.book(WHATSAPP_CUSTOMER, channel="whatsapp")

    await invoice_sent(service, reference)

    to = f"whatsapp:{WHATSAPP_CUSTOMER}"
    [media] = await service.twilio.wait_for(lambda m: m.to == to and bool(m.media_urls))
    assert media.body == f"Your invoice for {reference}"
    await service.settled()
    [fetched] = media.fetched_media
    assert fetched.content_type == "application/pdf"
    text = pdf_text(fetched.data)
    assert "INV-00001" in text and TOTAL in text and reference in text


async def test_an_sms_customer_gets_the_invoice_as_a_link_that_opens(service: Service) -> None:
    reference = await service.book(THANDI)

    await invoice_sent(service, reference)

    [link] = await service.twilio.wait_for(lambda m: m.to == THANDI and "/f/" in m.body)
    match = re.fullmatch(
        rf"Your invoice for {reference}: (https://burbgigz\.test/f/\S+)", link.body
    )
    assert match is not None, link.body
    opened = await service.client.get(URL(match.group(1)).path)
    assert opened.status == 200 and opened.headers["Content-Type"] == "application/pdf"
    text = pdf_text(await opened.read())
    assert "INV-00001" in text and TOTAL in text
