"""Signing customers in: sign-in links for a customer a chat already proves, codes and links
sent to where a number is proven, codes checked and spent, links spent. The web pages, the
chat's "open my portal" and the technician's console all come here; what is sent is an
Outbound for the caller's outbox, never sent from here.

A number is proven when it is the customer's `phone`: it was written from (SMS, WhatsApp),
shared with Telegram's contact button, or confirmed by a code. A number only typed (at a
booking) is never a customer's phone, so it identifies no one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from domain.customers import PHONE_CHANNELS, Channel, ChannelIdentity, Customer
from domain.email import email_address
from domain.errors import InvalidPhoneNumber
from domain.messages import Outbound
from domain.phones import normalize_phone
from domain.ports import UnitOfWork
from domain.sign_in import (
    CODE_LIFETIME,
    CODE_TRIES_OVERALL,
    CODE_TRIES_PER_ADDRESS,
    EMAIL_CODE_LIFETIME,
    LINK_LIFETIME,
    PROVE_OVERALL,
    PROVE_PER_ADDRESS,
    PROVE_PER_NUMBER,
    SIGN_IN_OVERALL,
    SIGN_IN_PER_ADDRESS,
    SIGN_IN_PER_NUMBER,
    CodeCheck,
    CodePurpose,
    Limit,
    SignInCode,
    client_subject,
    code_hash,
    new_code,
    new_token,
    token_hash,
)

LINK_PATH = "/portal/link/"
_NEVER = datetime.min.replace(tzinfo=UTC)


class Asked(StrEnum):
    SENT = "sent"  # or not: the number is unknown, and the answer is the same
    NOT_A_NUMBER = "not_a_number"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class CodeRequest:
    """What asking for a code came to: the number as read, and what to send (if anything)."""

    outcome: Asked
    number: str = ""
    message: Outbound | None = None


async def sign_in_link(uow: UnitOfWork, customer_id: int, public_url: str, now: datetime) -> str:
    """A fresh one-time sign-in link for the customer."""
    token = new_token()
    await uow.sign_ins.add_link(customer_id, token_hash(token), now, now + LINK_LIFETIME)
    return f"{public_url.rstrip('/')}{LINK_PATH}{token}"


async def within_sign_in_limits(uow: UnitOfWork, target: str, client: str, now: datetime) -> bool:
    """A sign-in code asked for a number or an address, counted per target, per client
    address (IPv6 by its /64) and overall, before anyone is looked up."""
    limits = (
        (SIGN_IN_PER_ADDRESS, client_subject(client)),
        (SIGN_IN_PER_NUMBER, target),
        (SIGN_IN_OVERALL, "all"),
    )
    return await _all_within(uow, limits, now)


async def ask_for_code(
    uow: UnitOfWork, typed: str, client: str, public_url: str, business_name: str, now: datetime
) -> CodeRequest:
    """A code and a link to the customer whose proven number was typed, on the channel that
    proves it. Counted per number and per client address whether or not anyone has it."""
    try:
        number = normalize_phone(typed)
    except InvalidPhoneNumber:
        return CodeRequest(Asked.NOT_A_NUMBER)
    if not await within_sign_in_limits(uow, number, client, now):
        return CodeRequest(Asked.TOO_MANY, number)
    customer = await uow.customers.by_phone(number)
    where = proven_channel(customer, number) if customer else None
    if customer is None or customer.id is None or where is None:
        return CodeRequest(Asked.SENT, number)
    code = new_code()
    row = code_row(customer.id, number, where.channel, CodePurpose.SIGN_IN, code, now)
    await uow.sign_ins.add_code(row, now)
    link = await sign_in_link(uow, customer.id, public_url, now)
    text = (
        f"Your {business_name} sign-in code is {code}. It works for 10 minutes.\n"
        f"Or tap to sign in: {link}\nDidn't ask for it? Ignore this message."
    )
    return CodeRequest(
        Asked.SENT, number, Outbound(where.channel, where.address, text, auth_code=code)
    )


def proven_channel(customer: Customer, number: str) -> ChannelIdentity | None:
    """Where a code for the customer's proven number goes: the number's own SMS or WhatsApp
    (the one last written on), else the Telegram chat that shared it; reachable ones only."""
    if customer.phone != number:
        return None
    usable = [i for i in customer.identities if i.reachable and i.opted_out_at is None]
    own = [i for i in usable if i.channel in PHONE_CHANNELS and i.address == number]
    if own:
        return max(own, key=lambda i: i.last_inbound_at or _NEVER)
    telegram = [i for i in usable if i.channel is Channel.TELEGRAM]
    return telegram[-1] if telegram else None


def sign_in_target(typed: str) -> str | None:
    """Where a sign-in code went, as typed back: an e-mail address, or a number in E.164."""
    if "@" in typed:
        return email_address(typed)
    try:
        return normalize_phone(typed)
    except InvalidPhoneNumber:
        return None


async def check_code(
    uow: UnitOfWork, typed_number: str, given: str, client: str, now: datetime
) -> int | None:
    """The customer a right sign-in code signs in, the code spent; None for anything else
    (a wrong, expired, used or exhausted code, an unknown number, too many tries from here)."""
    number = sign_in_target(typed_number)
    if number is None:
        return None
    # Every try is counted before it is judged: tries sent at once cannot all slip under.
    limits = ((CODE_TRIES_PER_ADDRESS, client_subject(client)), (CODE_TRIES_OVERALL, "all"))
    if not await _all_within(uow, limits, now):
        return None
    code = await uow.sign_ins.latest_code(number, CodePurpose.SIGN_IN)
    verdict = code.check(given, now) if code else CodeCheck.SPENT
    if (
        code is not None
        and verdict is CodeCheck.RIGHT
        and await uow.sign_ins.use_code(code.id, now)
    ):
        return code.customer_id
    if code is not None and code.usable(now):
        await uow.sign_ins.count_try(code.id)
    return None


async def usable_link(uow: UnitOfWork, token: str, now: datetime) -> bool:
    link = await uow.sign_ins.link(token_hash(token))
    return link is not None and link.usable(now)


async def spend_link(uow: UnitOfWork, token: str, now: datetime) -> int | None:
    """The customer a link signs in, the link used up; None when unknown, used or expired."""
    link = await uow.sign_ins.link(token_hash(token))
    if link is None or not link.usable(now) or not await uow.sign_ins.spend_link(link.id, now):
        return None
    return link.customer_id


async def ask_to_prove(
    uow: UnitOfWork,
    number: str,
    customer_id: int,
    channel: Channel,
    client: str,
    business_name: str,
    now: datetime,
) -> CodeRequest:
    """A code to a number only typed, so the customer can prove it is theirs. It costs a
    message to anyone's phone, so it is capped per number, per client and overall."""
    code = await proof_code(uow, number, customer_id, channel, client, now)
    if code is None:
        return CodeRequest(Asked.TOO_MANY, number)
    text = (
        f"Your {business_name} code is {code}: type it in the chat to confirm this number is "
        "yours. It works for 10 minutes. Didn't ask for it? Ignore this message."
    )
    return CodeRequest(Asked.SENT, number, Outbound(channel, number, text, auth_code=code))


async def proof_code(
    uow: UnitOfWork,
    target: str,
    customer_id: int,
    channel: Channel,
    client: str,
    now: datetime,
) -> str | None:
    """A new code proving the target (a number, or an e-mail address) is the customer's, kept
    for `check_proof`; None when too many were asked for the target, from the client, or
    overall (each costs a message to someone who may not have asked)."""
    limits = (
        (PROVE_PER_NUMBER, target),
        (PROVE_PER_ADDRESS, client_subject(client)),
        (PROVE_OVERALL, "all"),
    )
    if not await _all_within(uow, limits, now):
        return None
    code = new_code()
    row = code_row(customer_id, target, channel, CodePurpose.PROVE, code, now)
    if channel is Channel.EMAIL:
        row = replace(row, expires_at=now + EMAIL_CODE_LIFETIME)
    await uow.sign_ins.add_code(row, now)
    return code


async def check_proof(
    uow: UnitOfWork, target: str, given: str, customer_id: int, now: datetime
) -> CodeCheck:
    """A code typed to prove a number or an address: only the code sent there for this
    customer counts; a right one is spent, a wrong one uses up a try."""
    code = await uow.sign_ins.latest_code(target, CodePurpose.PROVE)
    if code is None or code.customer_id != customer_id:
        return CodeCheck.SPENT
    verdict = code.check(given, now)
    if verdict is CodeCheck.RIGHT:
        return verdict if await uow.sign_ins.use_code(code.id, now) else CodeCheck.SPENT
    if code.usable(now):
        await uow.sign_ins.count_try(code.id)
    return verdict


async def _all_within(
    uow: UnitOfWork, limits: tuple[tuple[Limit, str], ...], now: datetime
) -> bool:
    """Count the attempt against every limit first, then decide."""
    counted = [await uow.attempts.hit(limit, subject, now) for limit, subject in limits]
    return all(counted)


def code_row(
    customer_id: int | None,
    target: str,
    channel: Channel,
    purpose: CodePurpose,
    code: str,
    now: datetime,
) -> SignInCode:
    return SignInCode(
        id=0,
        target=target,
        customer_id=customer_id,
        channel=channel,
        purpose=purpose,
        code_hash=code_hash(code, target),
        expires_at=now + CODE_LIFETIME,
    )
