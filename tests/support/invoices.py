"""Invoices as the technician sends them and the customer reads them, on every channel."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.stubs.telegram_updates import callback_update
from tests.support.telegram_service import ADMIN_CHAT, post_update
from tests.support.twilio_service import Service


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def invoice_sent(service: Service, reference: str, total: str = "R550.00") -> str:
    """The technician asks for the invoice, sees the draft, and taps "Send to the customer";
    the button's data, which a test may tap again (`tap_again`)."""
    await service.technician_says(f"/invoice {reference}")
    await service.technician_sees(f"Draft invoice for {reference}: {total}")
    [draft] = [
        m
        for m in service.telegram.delivered(ADMIN_CHAT)
        if str(m.get("text", "")).startswith(f"Draft invoice for {reference}")
    ]
    [[send], [_drop]] = draft["reply_markup"]["inline_keyboard"]
    assert send["text"] == "Send to the customer"
    press = callback_update(ADMIN_CHAT, send["callback_data"], message_id=draft["message_id"])
    assert await post_update(service.client, press) == 200
    await service.settled()
    return str(send["callback_data"])


async def tap_again(service: Service, data: str) -> None:
    """The technician taps a button with that data once more (a new update from Telegram),
    under the admin chat's latest message."""
    latest = service.telegram.delivered(ADMIN_CHAT)[-1]["message_id"]
    press = callback_update(ADMIN_CHAT, data, message_id=int(str(latest)))
    assert await post_update(service.client, press) == 200
    await service.settled()


def said_to(service: Service, channel: str, address: str) -> list[str]:
    """Every text a customer got so far (captions too), oldest first."""
    if channel == "telegram":
        return [
            str(m.get("text") or m.get("caption") or "")
            for m in service.telegram.messages_to(int(address))
        ]
    to = f"whatsapp:{address}" if channel == "whatsapp" else address
    return [m.body for m in service.twilio.messages_to(to)]
