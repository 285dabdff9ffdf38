"""Pacing shared by every process on one Postgres: each send takes its turn in the database
(bot.delivery.pacing's rule, counted for all processes together), so N processes stay under
the platform's limits, not N times them."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.pacing import Pacer
from storage.shared_limits import KEEP_CHAT_TURNS, forget_send_turns, take_send_turn

log = logging.getLogger(__name__)

# Sends are spaced a little wider than the rate allows: a busy machine may delay one send
# and not the next, and the platform counts arrivals in any one second.
HEADROOM = 0.96
FORGET_EVERY_SECONDS = 600.0


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
        self._chat_gap = 1 / per_recipient if per_recipient else 0.0
        self._turn = asyncio.Lock()  # one of this process's sends asks at a time
        self._local = Pacer(overall, per_recipient)  # while the database cannot be asked
        self._forgot_at = time.monotonic()

    async def wait(self, recipient: str) -> None:
        chat = f"{self._platform}:{recipient}" if self._chat_gap else None
        while True:
            async with self._turn:
                try:
                    pause = await take_send_turn(
                        self._sessions, self._platform, self._gap, chat, self._chat_gap
                    )
                except (SQLAlchemyError, OSError, TimeoutError) as exc:
                    log.warning("shared send pace unavailable (%s); pacing this process alone",
                                type(exc).__name__)  # fmt: skip
                    await self._local.wait(recipient)
                    return
                if pause <= 0:
                    break
                if pause <= self._gap * 2:  # the platform's turn: the next one is ours
                    await asyncio.sleep(pause)
                    continue
            await asyncio.sleep(pause)  # the chat's turn: others need not wait for it
        await self._forget_old_chats()

    async def _forget_old_chats(self) -> None:
        if time.monotonic() - self._forgot_at < FORGET_EVERY_SECONDS:
            return
        self._forgot_at = time.monotonic()
        try:
            await forget_send_turns(self._sessions, datetime.now(UTC) - KEEP_CHAT_TURNS)
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            log.info("old send turns not cleared (%s)", type(exc).__name__)
