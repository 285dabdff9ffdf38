"""Portal sessions do not outlive their use (POPIA), on both databases: the retention sweep
deletes sessions revoked, or left idle, more than 30 days ago; sessions in use, or ended
lately, stay. A web chat signed out keeps only a stripped mark of it, so it stays signed out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduled.retention import RetentionSweep
from domain.customers import Customer
from domain.sign_in import CustomerSession, token_hash
from storage.database import create_engine, create_sessionmaker
from storage.files import LocalFileStore
from storage.unit_of_work import SqlUnitOfWork
from tests.support.clock import MovableClock

Sessions = async_sessionmaker[AsyncSession]
CHAT = token_hash("cThandisBrowser")


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[Sessions]:
    engine = create_engine(database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def _open(
    sessions: Sessions, clock: MovableClock, customer_id: int, name: str, *, ended: bool
) -> None:
    async with SqlUnitOfWork(sessions) as uow:
        chat = CHAT if name == "chat" else None
        opened = await uow.customer_sessions.open(
            customer_id,
            token_hash(name),
            clock.now(),
            user_agent="Firefox",
            client_address="192.0.2.7",
            chat_address=chat,
        )
        if ended:
            await uow.customer_sessions.revoke(customer_id, opened.id, clock.now())
        await uow.commit()


async def _session(sessions: Sessions, name: str) -> CustomerSession | None:
    async with SqlUnitOfWork(sessions) as uow:
        return await uow.customer_sessions.by_token(token_hash(name))


async def test_sessions_ended_a_month_ago_are_deleted(
    sessions: Sessions, clock: MovableClock, tmp_path: Path
) -> None:
    async with SqlUnitOfWork(sessions) as uow:
        customer = await uow.customers.add(Customer("Thandi"))
        await uow.commit()
    assert customer.id is not None
    await _open(sessions, clock, customer.id, "revoked", ended=True)
    await _open(sessions, clock, customer.id, "idle", ended=False)
    await _open(sessions, clock, customer.id, "chat", ended=True)
    await _open(sessions, clock, customer.id, "in use", ended=False)
    clock.advance(days=2)
    await _open(sessions, clock, customer.id, "revoked lately", ended=True)
    clock.advance(days=29)
    in_use = await _session(sessions, "in use")
    assert in_use is not None
    async with SqlUnitOfWork(sessions) as uow:
        await uow.customer_sessions.touch(in_use.id, clock.now() - timedelta(days=1))
        await uow.commit()

    sweep = RetentionSweep(sessions, LocalFileStore(tmp_path), clock, timedelta(days=90))
    await sweep.run()

    assert await _session(sessions, "revoked") is None
    assert await _session(sessions, "idle") is None
    assert await _session(sessions, "in use") is not None
    assert await _session(sessions, "revoked lately") is not None
    mark = await _session(sessions, "chat")
    assert mark is not None and (mark.user_agent, mark.client_address) == ("", "")
    async with SqlUnitOfWork(sessions) as uow:
        assert await uow.customer_sessions.chat_signed_out(CHAT)
