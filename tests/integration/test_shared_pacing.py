"""Two processes sending to Telegram at once through one Postgres: together they keep to
Telegram's 30 messages a second and one a second per chat (the stand-in answers 429 past
either), where each pacing itself alone would send twice that."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import event
from telegram.ext import ExtBot

from bot.delivery import turn_booking
from bot.delivery.shared_pacing import SharedPacer
from storage import shared_limits
from tests.stubs.telegram_api import FakeBotApi, TelegramLimits
from tests.support.processes import ProcessSessions

pytestmark = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)]
)
EACH = 24  # per process: 48 in all, well over one second's worth


@asynccontextmanager
async def senders(
    api: FakeBotApi, processes: ProcessSessions
) -> AsyncIterator[list[tuple[ExtBot[None], SharedPacer]]]:
    """Each process's Telegram client and shared pacer, at Telegram's limits."""
    bots: list[ExtBot[None]] = [ExtBot(api.token, base_url=api.base_url) for _ in processes]
    for bot in bots:
        await bot.initialize()
    try:
        yield [
            (bot, SharedPacer(sessions, "telegram", 30, 1))
            for bot, sessions in zip(bots, processes, strict=True)
        ]
    finally:
        for bot in bots:
            await bot.shutdown()


async def send_paced(bot: ExtBot[None], pacer: SharedPacer, chats: Iterable[int]) -> None:
    async def one(chat: int) -> None:
        await pacer.wait(str(chat))
        await bot.send_message(chat, "Reminder")

    await asyncio.gather(*(one(chat) for chat in chats))


async def test_two_processes_together_stay_under_telegrams_limits(
    two_processes: ProcessSessions,
) -> None:
    async with FakeBotApi(limits=TelegramLimits(overall=30, per_chat=1)) as api:
        shared_chat = 7  # both processes also write to one chat, three times each
        async with senders(api, two_processes) as both:
            await asyncio.gather(
                *(
                    send_paced(bot, pacer, [*range(1000 * n, 1000 * n + EACH), *[shared_chat] * 3])
                    for n, (bot, pacer) in enumerate(both, start=1)
                )
            )
        assert api.rate_limited == 0
        assert len(api.calls_to("sendMessage")) == 2 * (EACH + 3)


async def test_a_pace_far_above_the_load_holds_nothing_back(
    two_processes: ProcessSessions,
) -> None:
    pacer = SharedPacer(two_processes[0], "telegram", 100_000, 100_000)  # as the benchmarks set
    await asyncio.wait_for(
        asyncio.gather(*(pacer.wait(str(chat % 3)) for chat in range(30))), timeout=30
    )


async def send_held_up(
    bot: ExtBot[None], pacer: SharedPacer, chats: list[int], held_up: float
) -> None:
    """A busy machine: ten sends in every twenty are held up on their way after their turn
    came, and crowd the ten that follow."""

    async def one(n: int, chat: int) -> None:
        await pacer.wait(str(chat))
        if n // 10 % 2 == 0:
            await asyncio.sleep(held_up)
        await bot.send_message(chat, "Reminder")

    await asyncio.gather(*(one(n, chat) for n, chat in enumerate(chats)))


async def test_sends_held_up_on_their_way_make_no_send_too_many(
    two_processes: ProcessSessions,
) -> None:
    async with FakeBotApi(limits=TelegramLimits(overall=30, per_chat=1)) as api:
        async with senders(api, two_processes) as both:
            await asyncio.gather(
                *(
                    send_held_up(bot, pacer, list(range(1000 * n, 1000 * n + 40)), 0.06)
                    for n, (bot, pacer) in enumerate(both, start=1)
                )
            )
        assert api.rate_limited == 0
        assert len(api.calls_to("sendMessage")) == 80


async def test_a_database_far_away_holds_no_send_back_for_ever(
    two_processes: ProcessSessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    take_send_turns = shared_limits.take_send_turns

    async def far_away(*args: Any) -> Any:
        await asyncio.sleep(0.05)  # each way: a 100 ms round trip
        turns = await take_send_turns(*args)
        await asyncio.sleep(0.05)
        return turns

    monkeypatch.setattr(turn_booking, "take_send_turns", far_away)
    pacer = SharedPacer(two_processes[0], "telegram", 30, 1)
    await asyncio.wait_for(pacer.wait("7"), timeout=5)  # the pace idle: the turn is "now"
    await asyncio.wait_for(asyncio.gather(*(pacer.wait(str(c)) for c in range(20))), timeout=5)


async def test_one_round_trip_to_the_database_books_several_sends(
    two_processes: ProcessSessions,
) -> None:
    sessions = two_processes[0]
    bookings = 0

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        nonlocal bookings
        bookings += "send_pace_take" in statement

    engine = sessions.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", count)
    pacer = SharedPacer(sessions, "telegram", 30, 1)
    sends = 3 * EACH
    await asyncio.wait_for(
        asyncio.gather(*(pacer.wait(str(chat)) for chat in range(sends))), timeout=30
    )
    assert bookings <= sends / 4
