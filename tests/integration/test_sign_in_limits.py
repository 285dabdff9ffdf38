"""The limits on codes live in the database: two service processes (two engines on one
database, Postgres and SQLite's file) count against the same limit, at once or in turn, and
a new window starts afresh. Codes' tries and single use hold across processes too."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduled.retention import RetentionSweep
from domain.customers import Channel, Customer
from domain.sign_in import PROVE_OVERALL, PROVE_PER_NUMBER, CodeCheck, CodePurpose, token_hash
from handlers.shared.accounts import ask_to_prove, check_proof, sign_in_link
from storage.files import LocalFileStore
from storage.tables import AttemptCounterRow
from storage.unit_of_work import SqlUnitOfWork
from tests.support.clock import MovableClock
from tests.support.processes import ProcessSessions

NUMBER = "+27821234567"
Sessions = async_sessionmaker[AsyncSession]


async def _hit(sessions: Sessions, clock: MovableClock, subject: str = NUMBER) -> bool:
    async with SqlUnitOfWork(sessions) as uow:
        within = await uow.attempts.hit(PROVE_PER_NUMBER, subject, clock.now())
        await uow.commit()
    return within


async def test_two_processes_count_against_one_limit(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    answers = [await _hit(first if n % 2 else second, clock) for n in range(5)]
    assert answers == [True, True, True, False, False]  # three an hour, whoever asks
    assert await _hit(first, clock, "+27827654321")  # another number counts apart
    clock.advance(hours=1)
    assert await _hit(second, clock)  # a new hour


async def test_at_once_no_more_pass_than_the_limit(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    answers = await asyncio.gather(*(_hit(first if n % 2 else second, clock) for n in range(12)))
    assert answers.count(True) == PROVE_PER_NUMBER.most


async def test_the_hourly_cap_over_everyone_holds_across_processes(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    async with SqlUnitOfWork(first) as uow:
        customer = await uow.customers.add(Customer("Web customer"))
        await uow.commit()
    assert customer.id is not None
    outcomes = []
    for n in range(PROVE_OVERALL.most + 1):
        sessions = first if n % 2 else second
        async with SqlUnitOfWork(sessions) as uow:
            number, client = f"+2782{n:07d}", f"10.0.{n // 250}.{n % 250}"
            asked = await ask_to_prove(
                uow, number, customer.id, Channel.SMS, client, "BurbGigz", clock.now()
            )
            await uow.commit()
        outcomes.append(asked.message is not None)
    assert outcomes.count(True) == PROVE_OVERALL.most and outcomes[-1] is False


async def test_a_code_is_spent_once_whichever_process_checks_it(
    two_processes: ProcessSessions, clock: MovableClock
) -> None:
    first, second = two_processes
    async with SqlUnitOfWork(first) as uow:
        customer = await uow.customers.add(Customer("Web customer"))
        assert customer.id is not None
        asked = await ask_to_prove(
            uow, NUMBER, customer.id, Channel.SMS, "10.0.0.1", "BurbGigz", clock.now()
        )
        await uow.commit()
    assert asked.message is not None and asked.message.auth_code is not None
    code = asked.message.auth_code

    async def check(sessions: Sessions) -> CodeCheck:
        async with SqlUnitOfWork(sessions) as uow:
            verdict = await check_proof(uow, NUMBER, code, customer.id or 0, clock.now())
            await uow.commit()
        return verdict

    verdicts = await asyncio.gather(check(first), check(second))
    assert sorted(verdicts) == sorted([CodeCheck.RIGHT, CodeCheck.SPENT])


async def test_the_sweep_forgets_old_codes_links_and_counts(
    two_processes: ProcessSessions, clock: MovableClock, tmp_path: Path
) -> None:
    sessions, _ = two_processes
    async with SqlUnitOfWork(sessions) as uow:
        customer = await uow.customers.add(Customer("Web customer"))
        assert customer.id is not None
        await ask_to_prove(uow, NUMBER, customer.id, Channel.SMS, "10.0.0.1", "B", clock.now())
        link = await sign_in_link(uow, customer.id, "https://burbgigz.test", clock.now())
        await uow.commit()
    sweep = RetentionSweep(sessions, LocalFileStore(tmp_path), clock, timedelta(days=90))
    await sweep.run()
    async with SqlUnitOfWork(sessions) as uow:  # an hour old: kept
        assert await uow.sign_ins.latest_code(NUMBER, CodePurpose.PROVE) is not None
    clock.advance(days=2)
    await sweep.run()
    async with SqlUnitOfWork(sessions) as uow:
        assert await uow.sign_ins.latest_code(NUMBER, CodePurpose.PROVE) is None
        assert await uow.sign_ins.link(token_hash(link.rsplit("/", 1)[1])) is None
    async with sessions() as session:  # the three counts of two days ago are gone
        assert await session.scalar(select(func.count()).select_from(AttemptCounterRow)) == 0
