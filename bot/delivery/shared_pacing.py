"""Pacing shared by every process on one Postgres: each send books its moment in the
database (the platform's gap after the last send booked by any process, and the chat's), so
N processes stay under the platform's limits, not N times them."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.pacing import Pacer
from storage.shared_limits import (
    KEEP_CHAT_TURNS,
    SendTurn,
    forget_send_turns,
    take_send_turn,
)

log = logging.getLogger(__name__)

# Sends are spaced a little wider than the rate allows: a busy machine may delay one send
# and not the next, and the platform counts arrivals in any one second.
HEADROOM = 0.96
FORGET_EVERY_SECONDS = 600.0
# A process books its sends up to this many turns ahead, so asking the database (a round
# trip, longer when the database is busy) overlaps the wait instead of adding to it.
AHEAD = 3
LATE = 0.5  # of a gap: woken later than this after the booked moment, a send books again
MIN_LATE_SECONDS = 0.005  # (any wake-up is this late at high rates, where it matters not)


class SharedPacer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        platform: str,
        overall: float,
        per_recipient: float | None = None,
    ) -> None:
        self._sessions = sessions
        self._platform = platform
        self._gap = 1 / (overall * HEADROOM)
        self._chat_gap = 1 / (per_recipient * HEADROOM) if per_recipient else 0.0
        self._late = max(self._gap * LATE, MIN_LATE_SECONDS)
        self._turn = asyncio.Lock()  # one of this process's sends asks at a time
        self._local = Pacer(overall, per_recipient)  # while the database cannot be asked
        self._forgot_at = time.monotonic()

    async def wait(self, recipient: str) -> None:
        chat = f"{self._platform}:{recipient}" if self._chat_gap else None
        loop = asyncio.get_running_loop()
        while True:
            async with self._turn:
                try:
                    turn = await self._take(chat)
                    while not (turn.taken or turn.for_chat):  # the platform is booked ahead
                        await asyncio.sleep(turn.wait)
                        turn = await self._take(chat)
                except (SQLAlchemyError, OSError, TimeoutError) as exc:
                    log.warning("shared send pace unavailable (%s); pacing this process alone",
                                type(exc).__name__)  # fmt: skip
                    await self._local.wait(recipient)
                    return
            if turn.taken and turn.wait <= 0:
                break  # its moment is now: leaving without a sleep, it cannot wake up late
            booked_at = loop.time() + turn.wait
            await asyncio.sleep(turn.wait)  # outside the turn: others may book meanwhile
            # A busy machine may wake us late, with other sends booked right after ours:
            # leaving now could crowd them past the platform's limit, so book again.
            if turn.taken and loop.time() - booked_at <= self._late:
                break
        await self._forget_old_chats()

    async def _take(self, chat: str | None) -> SendTurn:
        return await take_send_turn(
            self._sessions, self._platform, self._gap, chat, self._chat_gap, self._gap * AHEAD
        )

    async def _forget_old_chats(self) -> None:
        if time.monotonic() - self._forgot_at < FORGET_EVERY_SECONDS:
            return
        self._forgot_at = time.monotonic()
        try:
            await forget_send_turns(self._sessions, datetime.now(UTC) - KEEP_CHAT_TURNS)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            log.info("old send turns not cleared (%s)", type(exc).__name__)
