"""Signing in with an e-mail address: the code and the link go by e-mail, and only to an
address its customer proved (MY EMAIL, or a code at booking) that the relay has not refused.
Counted like a number, and answered the same whether or not anyone has that address."""

from __future__ import annotations

from datetime import datetime

from domain.customers import Channel
from domain.email import MailTopic, email_address
from domain.ports import UnitOfWork
from domain.sign_in import CodePurpose, new_code
from handlers.shared.accounts import (
    Asked,
    CodeRequest,
    code_row,
    sign_in_link,
    within_sign_in_limits,
)
from handlers.shared.mail import email


async def ask_for_email_code(
    uow: UnitOfWork,
    typed: str,
    client: str,
    public_url: str,
    business_name: str,
    now: datetime,
    *,
    sends_email: bool,
) -> CodeRequest:
    """A code and a link to the customer who proved the address typed, by e-mail."""
    address = email_address(typed)
    if address is None:
        return CodeRequest(Asked.NOT_A_NUMBER)
    if not await within_sign_in_limits(uow, address, client, now):
        return CodeRequest(Asked.TOO_MANY, address)
    known = await uow.emails.by_address(address) if sends_email else None
    if known is None or not known.usable or known.address != address:
        return CodeRequest(Asked.SENT, address)
    code = new_code()
    row = code_row(known.customer_id, address, Channel.EMAIL, CodePurpose.SIGN_IN, code, now)
    await uow.sign_ins.add_code(row, now)
    link = await sign_in_link(uow, known.customer_id, public_url, now)
    text = (
        f"Your {business_name} sign-in code is {code}. It works for 10 minutes.\n"
        f"Or open this link and tap Sign in: {link}\n"
        "Didn't ask for it? Ignore this e-mail: no one can sign in without the code or the link."
    )
    subject = f"Your {business_name} sign-in code: {code}"
    return CodeRequest(Asked.SENT, address, email(address, MailTopic.CODE, subject, text))
