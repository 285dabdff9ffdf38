"""Send turns booked in the database for the sends of one process: whoever asks while a
round trip is on its way waits for the next one, which books them all at once (a busy
database costs one round trip for several sends, not one each); and the database's clock,
read across those round trips, on which a booked moment is kept."""

from __future__ import annotations

import asyncio
from collections import deque

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.tasks import spawn
from storage.shared_limits import SendTurn, take_send_turns

MOST_AT_ONCE = 8  # turns booked by one round trip: at 30/s, a quarter of a second ahead
CLOCK_SAMPLES = 32


class TurnBooking:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        platform: str,
        gap: float,
        chat_gap: float,
        horizon: float,
    ) -> None:
        self._sessions = sessions
        self._platform, self._gap, self._chat_gap, self._horizon = platform, gap, chat_gap, horizon
        self._asked: list[tuple[str | None, asyncio.Future[SendTurn]]] = []
        self._booker: asyncio.Task[None] | None = None
        self._last_taken_at: float | None = None  # on the database's clock
        # (round trip, database clock minus ours): the quickest recent round trip says best
        # how the clocks stand, as NTP reckons it.
        self._samples: deque[tuple[float, float]] = deque(maxlen=CLOCK_SAMPLES)

    async def book(self, chat: str | None) -> SendTurn:
        turn: asyncio.Future[SendTurn] = asyncio.get_running_loop().create_future()
        self._asked.append((chat, turn))
        if self._booker is None:
            self._booker = spawn(self._book_asked())
        return await turn

    def until(self, turn: SendTurn) -> float:
        """Seconds from now to the turn's moment on the database's clock (< 0: past it)."""
        return self._until(turn.at)

    def on_its_way(self) -> float:
        """How long an answer takes at best to come from the database (half a round trip):
        a turn given for the database's very moment is this late when it is read."""
        return min(self._samples)[0] / 2

    def _until(self, at: float) -> float:
        _, offset = min(self._samples)
        return at - (asyncio.get_running_loop().time() + offset)

    async def _until_near(self) -> None:
        """While the turns this process took last are further ahead than the horizon, a
        round trip now could take none: the next round waits until it can take several."""
        if self._last_taken_at is None:
            return
        if (pause := self._until(self._last_taken_at) - self._horizon) > 0:
            await asyncio.sleep(pause)

    async def _book_asked(self) -> None:
        batch: list[tuple[str | None, asyncio.Future[SendTurn]]] = []
        try:
            while self._asked:
                await self._until_near()
                batch, self._asked = self._asked[:MOST_AT_ONCE], self._asked[MOST_AT_ONCE:]
                if (booked_ahead := await self._book_batch(batch)) is not None:
                    # The platform is booked too far ahead (by other processes, or by this
                    # one's own last round): the askers keep their place until it is near,
                    # instead of each asking again, all at the same moment.
                    again, wait = booked_ahead
                    self._asked = again + self._asked
                    await asyncio.sleep(wait)
        finally:
            self._booker = None
            # Should anything escape, nobody is left waiting forever: those still queued
            # behind the batch too (no booker is left to serve them; their sends retry).
            left, self._asked = [*batch, *self._asked], []
            for _, waiting in left:
                if not waiting.done():
                    waiting.set_exception(RuntimeError("booking send turns was interrupted"))

    async def _book_batch(
        self, batch: list[tuple[str | None, asyncio.Future[SendTurn]]]
    ) -> tuple[list[tuple[str | None, asyncio.Future[SendTurn]]], float] | None:
        """Hands out the turns taken and the busy chats; returns the askers that found the
        platform booked too far ahead, and how long until it is not."""
        loop = asyncio.get_running_loop()
        asked_at = loop.time()
        try:
            turns = await take_send_turns(
                self._sessions, self._platform, self._gap, [chat for chat, _ in batch],
                self._chat_gap, self._horizon,
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - each asker handles it (pacing alone)
            for _, waiting in batch:
                if not waiting.done():
                    waiting.set_exception(exc)
            return None
        answered_at = loop.time()
        middle = (asked_at + answered_at) / 2
        self._samples.append((answered_at - asked_at, turns[0].database_now - middle))
        if taken := [turn.at for turn in turns if turn.taken]:
            self._last_taken_at = max(taken)
        again: list[tuple[str | None, asyncio.Future[SendTurn]]] = []
        for (chat, waiting), turn in zip(batch, turns, strict=True):
            if waiting.done():  # the asker was cancelled meanwhile: its turn goes unused
                continue
            if turn.taken or turn.for_chat:
                waiting.set_result(turn)
            else:
                again.append((chat, waiting))
        if not again:
            return None
        return again, min(turn.wait for turn in turns if not (turn.taken or turn.for_chat))
