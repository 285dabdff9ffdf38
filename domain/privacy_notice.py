"""The privacy notice's words: the full notice the service serves itself when the business
file gives no address of its own, and the short one shown at a customer's first contact."""

from __future__ import annotations

from domain.business import BusinessConfig


def full_notice(business: BusinessConfig) -> str:
    """The business file's own notice_text, else our default wording. Paragraphs are separated
    by blank lines."""
    terms, info = business.privacy, business.business
    if terms.notice_text:
        return terms.notice_text
    chats = (
        f"Our chats are kept for {terms.keep_conversations_days} days"
        if terms.keep_conversations_days
        else "Our chats are kept while you are our customer"
    )
    closed = (
        f"If you have had no job with us for {terms.keep_closed_customers_days} days, we remove "
        "your details"
        if terms.keep_closed_customers_days
        else "When you ask us to, we remove your details"
    )
    return "\n\n".join(
        [
            f"{info.name} ({info.address}) is responsible for the personal information you "
            "give us, as the Protection of Personal Information Act (POPIA) asks.",
            "What we keep: your name, phone number, e-mail address and the address we visit; "
            "the chat you have with us on Telegram, WhatsApp, SMS or our web chat; the jobs you "
            "book, with their times, notes we share with you, photos and screenshots, service "
            "reports, invoices and your ratings.",
            "Why: to book and do your jobs, to keep you informed about them, to invoice you, and "
            "(only if you say yes) to remind you of check-ups and tell you about offers. We do "
            "not sell your information or share it except with the services that carry our "
            "messages and store our files, and as the law requires.",
            f"For how long: {chats}. Photos and screenshots are removed some time after a job "
            f"is closed. {closed}, keeping only what the law makes us keep: tax invoices, for "
            f"{terms.invoice_years} years.",
            "Your rights: you may see everything we hold about you (reply MY DATA for a "
            "download), correct it (MY DETAILS), say yes or no to check-ups and offers at any "
            "time (CHECK-UPS ON or CHECK-UPS OFF), and ask us to delete it (DELETE MY DATA). "
            "You may also complain to the Information Regulator (inforegulator.org.za).",
            f"How to ask: in our chat, by phone on {info.phone} or by e-mail to {info.email}.",
        ]
    )


def short_notice(link: str, ask_check_ups: bool) -> str:
    """Short enough to ride on the greeting and its numbered menu in two SMS segments."""
    check_ups = ", CHECK-UPS ON for check-up offers" if ask_check_ups else ""
    return f"How we keep your details: {link} Reply PRIVACY for yours{check_ups}."
