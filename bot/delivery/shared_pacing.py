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
from bot.delivery.turn_booking import TurnBooking
from storage.shared_limits import KEEP_CHAT_TURNS, forget_send_turns

log = logging.getLogger(__name__)

# Sends are spaced wider than the rate allows, because the platform counts arrivals in any
# one second and a busy machine delays some sends more than others on their way. Spaced
# 1 / (rate * HEADROOM) apart, any `rate` + 1 sends span 1 / HEADROOM seconds: 87 ms more
# than a second, which is what a send may be held up by, relative to the others, and still
# never make one too many in a second (at 0.96 it was 42 ms: a CPU hog and pgbench beside
# the service took more, and the stand-in answered 429).
HEADROOM = 0.92
# Of that slack, a send may leave this late after its booked moment on the database's clock
# (a busy machine woke it late, or the answer that booked it came late); later, leaving
# could crowd the sends booked right after it, so it books again. The rest of the slack is
# for the way to the platform.
LATE = 0.25 * (1 / HEADROOM - 1)
FORGET_EVERY_SECONDS = 600.0
# A process books its sends up to this many turns ahead, so asking the database (a round
# trip, longer when the database is busy) overlaps the wait instead of adding to it.
AHEAD = 3


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
        gap = 1 / (overall * HEADROOM)
        self._chat_gap = 1 / (per_recipient * HEADROOM) if per_recipient else 0.0
        self._booking = TurnBooking(sessions, platform, gap, self._chat_gap, gap * AHEAD)
        self._local = Pacer(overall, per_recipient)  # while the database cannot be asked
        self._forgot_at = time.monotonic()

    async def wait(self, recipient: str) -> None:
        chat = f"{self._platform}:{recipient}" if self._chat_gap else None
        while True:
            try:
                turn = await self._booking.book(chat)
            except (SQLAlchemyError, OSError, TimeoutError) as exc:
                log.warning("shared send pace unavailable (%s); pacing this process alone",
                            type(exc).__name__)  # fmt: skip
                await self._local.wait(recipient)
                return
            if not turn.taken:  # the chat is busy
                await asyncio.sleep(turn.wait)
                continue
            if (pause := self._booking.until(turn)) > 0:
                await asyncio.sleep(pause)
            # A turn for the database's very moment (nobody queued before it) cannot be read
            # before the answer has come from the database, however far away that is.
            late = LATE + (self._booking.on_its_way() if turn.wait <= 0 else 0.0)
            if -self._booking.until(turn) <= late:
                break
        await self._forget_old_chats()

    async def _forget_old_chats(self) -> None:
        if time.monotonic() - self._forgot_at < FORGET_EVERY_SECONDS:
            return
        self._forgot_at = time.monotonic()
        try:
            await forget_send_turns(self._sessions, datetime.now(UTC) - KEEP_CHAT_TURNS)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            log.info("old send turns not cleared (%s)", type(exc).__name__)
