"""The sign-in limits' overall caps and how clients are told apart, on both databases: codes
sent to anyone and codes tried by anyone are capped per hour; an IPv6 client's whole /64
counts as one client; tries sent at once are each counted before any is judged. An e-mail
address is proven by a sign-in code, limited as a number's is."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.customers import Channel, ChannelIdentity, Customer
from domain.sign_in import (
    CODE_TRIES_OVERALL,
    CODE_TRIES_PER_ADDRESS,
    PROVE_PER_NUMBER,
    SIGN_IN_OVERALL,
    SIGN_IN_PER_ADDRESS,
    CodeCheck,
    CodePurpose,
)
from handlers.shared.accounts import Asked, ask_for_code, check_code, check_proof, proof_code
from storage.unit_of_work import SqlUnitOfWork
from tests.support.clock import MovableClock
from tests.support.processes import ProcessSessions

NUMBER = "+27821234567"
ADDRESS = "thandi@example.com"
URL = "https://burbgigz.test"
Sessions = async_sessionmaker[AsyncSession]


async def _thandi(sessions: Sessions) -> None:
    """A customer whose number is proven (she wrote from it by SMS)."""
    async with SqlUnitOfWork(sessions) as uow:
        await uow.customers.add(
            Customer("Thandi", phone=NUMBER, identities=[ChannelIdentity(Channel.SMS, NUMBER)])
        )
        await uow.commit()


async def _ask(sessions: Sessions, clock: MovableClock, number: str, client: str) -> Asked:
    async with SqlUnitOfWork(sessions) as uow:
        asked = await ask_for_code(uow, number, client, URL, "BurbGigz", clock.now())
        await uow.commit()
    return asked.outcome


async def _try(sessions: Sessions, clock: MovableClock, code: str, client: str) -> int | None:
    async with SqlUnitOfWork(sessions) as uow:
        signed_in = await check_code(uow, NUMBER, code, client, clock.now())
        await uow.commit()
    return signed_in


async def _code(sessions: Sessions, clock: MovableClock) -> str:
    async with SqlUnitOfWork(sessions) as uow:
        asked = await ask_for_code(uow, NUMBER, "192.0.2.1", URL, "BurbGigz", clock.now())
        await uow.commit()
    assert asked.message is not None and asked.message.auth_code is not None
    return asked.message.auth_code


async def test_codes_to_anyone_are_capped_per_hour(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, _ = two_processes
    outcomes = [
        await _ask(first, clock, f"+2782{n:07d}", f"10.0.{n // 250}.{n % 250}")
        for n in range(SIGN_IN_OVERALL.most + 1)
    ]
    assert outcomes.count(Asked.SENT) == SIGN_IN_OVERALL.most
    assert outcomes[-1] is Asked.TOO_MANY
    clock.advance(hours=1)
    assert await _ask(first, clock, "+27829999999", "10.9.9.9") is Asked.SENT


async def test_one_ipv6_64_is_one_client(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, _ = two_processes
    outcomes = [
        await _ask(first, clock, f"+2782{n:07d}", f"2001:db8:1:2:{n:x}::1")
        for n in range(SIGN_IN_PER_ADDRESS.most + 1)
    ]
    assert outcomes[-1] is Asked.TOO_MANY and outcomes.count(Asked.SENT) == SIGN_IN_PER_ADDRESS.most
    assert await _ask(first, clock, "+27829999999", "2001:db8:1:3::1") is Asked.SENT  # next /64


async def test_wrong_codes_from_everyone_are_capped_per_hour(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, _ = two_processes
    await _thandi(first)
    code = await _code(first, clock)
    wrong = "000000" if code != "000000" else "111111"
    async with SqlUnitOfWork(first) as uow:  # guesses spread over many addresses
        for _ in range(CODE_TRIES_OVERALL.most):
            await uow.attempts.hit(CODE_TRIES_OVERALL, "all", clock.now())
        await uow.commit()
    assert await _try(first, clock, wrong, "10.0.0.1") is None

    assert await _try(first, clock, code, "10.0.0.2") is None  # even the right code, for now
    clock.advance(hours=1)
    fresh = await _code(first, clock)
    assert await _try(first, clock, fresh, "10.0.0.2") is not None


async def test_tries_at_once_are_counted_before_any_is_judged(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    await _thandi(first)
    code = await _code(first, clock)
    wrong = "000000" if code != "000000" else "111111"
    client = "2001:db8::7"
    async with SqlUnitOfWork(first) as uow:  # one try left for this client this hour
        for _ in range(CODE_TRIES_PER_ADDRESS.most - 1):
            await uow.attempts.hit(CODE_TRIES_PER_ADDRESS, "2001:db8::/64", clock.now())
        await uow.commit()

    await asyncio.gather(
        *(_try(first if n % 2 else second, clock, wrong, client) for n in range(8))
    )

    async with SqlUnitOfWork(first) as uow:
        left = await uow.sign_ins.latest_code(NUMBER, CodePurpose.SIGN_IN)
    assert left is not None and left.tries == 1  # one wrong try judged, the others refused


async def test_an_email_proof_is_a_sign_in_code_limited_like_a_numbers(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    async with SqlUnitOfWork(first) as uow:
        customer = await uow.customers.add(Customer("Thandi"))
        await uow.commit()
    assert customer.id is not None
    codes = []
    for n in range(PROVE_PER_NUMBER.most + 1):
        async with SqlUnitOfWork(first if n % 2 else second) as uow:
            codes.append(
                await proof_code(
                    uow, ADDRESS, customer.id, Channel.EMAIL, f"10.0.0.{n}", clock.now()
                )
            )
            await uow.commit()
    assert codes[-1] is None and None not in codes[:-1]
    clock.advance(minutes=59)  # an e-mail's code lives an hour
    async with SqlUnitOfWork(second) as uow:
        kept = await uow.sign_ins.latest_code(ADDRESS, CodePurpose.PROVE)
        assert kept is not None and kept.channel == Channel.EMAIL
        elsewhere = await check_proof(uow, NUMBER, str(codes[-2]), customer.id, clock.now())
        verdict = await check_proof(uow, ADDRESS, str(codes[-2]), customer.id, clock.now())
        await uow.commit()
    assert (elsewhere, verdict) == (CodeCheck.SPENT, CodeCheck.RIGHT)
