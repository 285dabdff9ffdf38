"""What e-mail carries, and what it does not, through the SMTP stand-in: the invoice as a PDF;
nothing but its code to an address not yet proven; no more of a kind of e-mail once its
unsubscribe link is posted; a refused address marked bad and the technician told once; a
passing refusal tried again; a receipt and a credit note, documents, by e-mail to whoever routes
documents there."""

from __future__ import annotations

from yarl import URL

from domain.email import MailTopic
from tests.stubs.smtp_relay import FakeSmtpRelay
from tests.support.business import with_real_bank_details
from tests.support.clock import MovableClock
from tests.support.email_service import (
    documents_by_email_only,
    email_straight_away,
    give_address,
    press_status,
    prove_address,
)
from tests.support.invoices import invoice_sent, pdf_text
from tests.support.twilio_service import THANDI, Service

ADDRESS = "thandi@example.com"
REFUSED = f"E-mails to Thandi at {ADDRESS} are refused"


@with_real_bank_details
async def test_an_invoice_email_carries_the_pdf(mailing: Service, relay: FakeSmtpRelay) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await mailing.book(THANDI)

    await invoice_sent(mailing, reference)

    [*_, mail] = await relay.wait_for(ADDRESS, 3)  # the code, the confirmation, the invoice
    assert str(mail.message["Subject"]) == f"Your invoice for {reference}"
    assert "List-Unsubscribe" not in mail.message  # an invoice is part of the deal
    [pdf] = mail.attachments()
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == "INV-00001.pdf"
    data = pdf.get_payload(decode=True)
    assert isinstance(data, bytes) and "INV-00001" in pdf_text(data)
    await mailing.technician_sees("Sent the invoice. Told Thandi on SMS and e-mail.")


async def test_an_address_not_yet_proven_gets_nothing_but_its_code(
    mailing: Service, relay: FakeSmtpRelay, clock: MovableClock
) -> None:
    await give_address(mailing, relay, THANDI, ADDRESS)  # and never types the code
    await mailing.texts(THANDI, "menu")

    await mailing.book(THANDI)
    await email_straight_away(mailing, ADDRESS, MailTopic.DOCUMENT, clock.now())
    kept_back = await mailing.last_outcome(ADDRESS)
    await mailing.settled()

    [code] = relay.to(ADDRESS)
    assert str(code.message["Subject"]).startswith("Your BurbGigz IT Support code: ")
    assert kept_back.status == "failed" and kept_back.last_error == "the address is not proven yet"
    assert mailing.technician_got("e-mail") == []


async def test_an_unsubscribe_link_stops_that_kind_of_email(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await mailing.book(THANDI)
    await mailing.texts(THANDI, "email settings")
    await mailing.texts(THANDI, "3")  # job updates: in chat → by e-mail
    await mailing.twilio.wait_for(
        lambda m: m.to == THANDI and m.body.startswith("Done: job updates now come by e-mail.")
    )

    await press_status(mailing, reference, "in_progress")
    [*_, update] = await relay.wait_for(ADDRESS, 3)
    assert update.text().startswith(f"{reference}: the technician has started work.")
    link = str(update.message["List-Unsubscribe"]).strip("<>")
    assert link.startswith("https://burbgigz.test/email/unsubscribe/")
    assert str(update.message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    path = URL(link).path
    asked = await mailing.client.get(path)  # a mail scanner following the link stops nothing
    assert asked.status == 200 and "Stop these e-mails?" in await asked.text()

    stopped = await mailing.client.post(
        path, data="List-Unsubscribe=One-Click", headers={"Content-Type": _FORM}
    )
    assert stopped.status == 200 and "No more job updates by e-mail." in await stopped.text()

    await press_status(mailing, reference, "waiting_on_parts")
    told = await mailing.twilio.wait_for(lambda m: m.to == THANDI and "waiting for parts" in m.body)
    assert told
    await mailing.settled()
    assert len(relay.to(ADDRESS)) == 3


@with_real_bank_details
async def test_a_refused_address_is_marked_bad_and_the_technician_told_once(
    mailing: Service, relay: FakeSmtpRelay, clock: MovableClock
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await mailing.book(THANDI)
    await relay.wait_for(ADDRESS, 2)
    relay.refuse.add(ADDRESS)

    await email_straight_away(mailing, ADDRESS, MailTopic.DOCUMENT, clock.now())
    await email_straight_away(mailing, ADDRESS, MailTopic.CONFIRMATION, clock.now())
    await mailing.technician_sees(REFUSED)
    await mailing.last_outcome(ADDRESS)
    await mailing.settled()

    assert len(mailing.technician_got(REFUSED)) == 1
    await invoice_sent(mailing, reference)  # by chat alone now
    await mailing.technician_sees("Sent the invoice. Told Thandi on SMS.")
    await mailing.settled()
    asked = await mailing.texts(THANDI, "my email")
    assert asked.body.startswith(f"E-mails to {ADDRESS} were refused."), asked.body


async def test_a_passing_refusal_is_tried_again(
    mailing: Service, relay: FakeSmtpRelay, clock: MovableClock
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    relay.busy.add(ADDRESS)

    await email_straight_away(mailing, ADDRESS, MailTopic.DOCUMENT, clock.now())

    waiting = await mailing.retry_waiting(ADDRESS)
    assert waiting.last_error is not None and "451" in waiting.last_error
    assert mailing.technician_got("e-mail") == []


_FORM = "application/x-www-form-urlencoded"


@with_real_bank_details
async def test_an_invoice_by_email_alone_comes_in_chat_when_the_address_is_refused(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await mailing.book(THANDI)
    await documents_by_email_only(mailing, THANDI)
    relay.refuse.add(ADDRESS)

    await invoice_sent(mailing, reference)

    await mailing.technician_sees("Sent the invoice. Told Thandi on e-mail.")
    await mailing.technician_sees(REFUSED)
    [link] = await mailing.twilio.wait_for(lambda m: m.to == THANDI and "/f/" in m.body)
    assert reference in link.body and "https://burbgigz.test/f/" in link.body


@with_real_bank_details
async def test_a_receipt_and_a_credit_note_go_by_email_where_documents_go(
    mailing: Service, relay: FakeSmtpRelay
) -> None:
    await prove_address(mailing, relay, THANDI, ADDRESS)
    reference = await mailing.book(THANDI)
    await documents_by_email_only(mailing, THANDI)
    await invoice_sent(mailing, reference)
    await mailing.technician_says(f"/paid {reference} cash 100")
    await mailing.technician_sees("Receipt sent.")
    await mailing.technician_says("/void INV-00001")
    await mailing.technician_sees("credit note CN-")

    *_, receipt, credit_note = await relay.wait_for(ADDRESS, 5)  # code, booking, invoice, these
    assert str(receipt.message["Subject"]) == f"Your receipt for INV-00001 ({reference})"
    assert receipt.text().startswith("Receipt: thank you! We received R100.00 in cash")
    assert str(credit_note.message["Subject"]) == f"Your credit note for INV-00001 ({reference})"
    assert "is cancelled by credit note" in credit_note.text()
    texted = [m.body for m in mailing.twilio.messages_to(THANDI)]
    assert not [body for body in texted if "Receipt" in body or "credit note" in body]
