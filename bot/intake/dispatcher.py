"""Inbound messages: recorded before the 2xx, then handled once each, in order per conversation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.base import MediaSource, MediaUnavailable
from bot.coalesce import Coalescer
from bot.delivery.backoff import backoff_seconds
from bot.delivery.outlet import Outlet
from bot.intake.media_intake import fetch_media
from bot.tasks import spawn
from domain.clean_text import clean_inbound
from domain.customers import Channel
from domain.messages import Inbound, Outbound
from handlers.kernel.runner import TurnRunner
from handlers.kernel.services import Services
from handlers.kernel.step_out import StepOut
from handlers.routes import route
from storage.errors import is_transient
from storage.repositories.common import Stored
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

MAX_MEDIA_ATTEMPTS = 6
# Conversations handled at once: below the connection pool's size, so a burst of customers
# never starves webhook intake or delivery of a database connection.
MAX_HANDLING_AT_ONCE = 4
APOLOGY = "Sorry, something went wrong on our side while handling your message."
TOLD = " The technician has been told and will follow up."


class Dispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        *,
        media: Mapping[Channel, MediaSource],
        outlet: Outlet,
        committed: Callable[[], None] | None = None,
    ) -> None:
        self._sessions = sessions
        self._committed = committed  # told after each handled message's commit (status pages)
        self._turns = TurnRunner(services)
        self._clock = services.clock
        self._files = services.files
        self._admins = services.admins
        self._media = media
        self._outlet = outlet
        self._draining: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()  # kicked while being drained: look once more
        self._handling = asyncio.Semaphore(MAX_HANDLING_AT_ONCE)
        self._recorder = Coalescer(self._record)
        self._stopping = False

    async def accept(self, message: Inbound) -> bool:
        """Record durably (the caller answers 2xx only after this); False for a repeat.
        Every channel's message is cleaned here, so both databases can keep it."""
        message = clean_inbound(message)
        new = await self._recorder.add(message)
        if new:
            self.kick(message.conversation_key)
        return new

    async def _record(self, messages: Sequence[Inbound]) -> list[bool]:
        """Messages arriving together are recorded in one transaction (group commit)."""
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            new = [await uow.inbound.record(message, now) for message in messages]
            await uow.commit()
        return new

    def kick(self, conversation_key: str) -> None:
        """Make sure the conversation's waiting messages are being handled."""
        if self._stopping:
            return
        if conversation_key in self._draining:
            self._again.add(conversation_key)
        else:
            self._draining[conversation_key] = spawn(self._drain(conversation_key))

    async def resume(self) -> None:
        """Pick up whatever waits: left by a crash, deferred for a retry, or accepted elsewhere."""
        try:
            async with SqlUnitOfWork(self._sessions) as uow:
                keys = await uow.inbound.conversations_due(self._clock.now())
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("cannot look for waiting messages: %s", type(exc).__name__)
            return
        for key in keys:
            self.kick(key)

    async def settled(self) -> None:
        """Wait until every conversation in hand has been handled as far as it can be."""
        while self._draining:
            await asyncio.gather(*self._draining.values(), return_exceptions=True)

    async def stop(self, grace: float) -> None:
        self._stopping = True
        tasks = list(self._draining.values())
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:  # its transaction rolls back; the message stays for next time
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _drain(self, key: str) -> None:
        try:
            while await self._handle_next(key) or self._look_again(key):
                pass
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("conversation %s paused: %s", key, type(exc).__name__)
        finally:
            self._draining.pop(key, None)

    def _look_again(self, key: str) -> bool:
        """A message accepted while this drain was finishing is not left for the poller."""
        if key in self._again:
            self._again.discard(key)
            return True
        return False

    async def _handle_next(self, key: str) -> bool:
        """Handle the conversation's oldest waiting message; False when none is ready or none
        was seen waiting behind it (one accepted here meanwhile is in `_again`; one accepted by
        another process is handled by that process's own drain, or else by `resume`). A
        handling slot is held only for database work, never across a file download."""
        fetched: dict[int, Inbound] = {}
        stepped_out = False
        while True:
            try:
                async with self._handling:
                    outcome = await self._handle(key, fetched, stepped_out)
            except HandlerFailed as failure:
                log.exception(
                    "handling inbound #%s failed", failure.stored.id, exc_info=failure.cause
                )
                async with self._handling:
                    await self._fail(key, failure.stored, failure.cause)
                return True
            if isinstance(outcome, StepOut):  # a slow service asked with no lock held
                await outcome.work()
                stepped_out = True
                continue
            if not isinstance(outcome, Stored):
                return outcome
            try:  # files first, outside any transaction; then handle it again
                fetched[outcome.id] = await fetch_media(
                    outcome.message, outcome.id, self._media, self._files
                )
            except MediaUnavailable as exc:
                async with self._handling:
                    return await self._retry_media_later(outcome, str(exc))

    async def _handle(
        self, key: str, fetched: dict[int, Inbound], stepped_out: bool
    ) -> bool | Stored[Inbound] | StepOut:
        """One message in one transaction: the state, the handler's changes, its replies; or
        the outside work its handler needs first (the transaction rolled back). True when another
        message waits behind it (looking again costs a transaction)."""
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            conversation = await self._turns.hold(uow, key, now)
            conversation.steps_out, conversation.stepped_out = True, stepped_out
            stored, more = await uow.inbound.next_in(key, now)
            if stored is None:
                return False
            message = fetched.get(stored.id)
            if message is None and stored.message.media:
                return stored
            try:
                ran = await conversation.take_turn(message or stored.message, route)
                leased = await self._outlet.enqueue(uow, ran.outbox, now)
                await uow.inbound.finish(stored.id, now)
                await uow.commit()
            except StepOut as step_out:
                return step_out
            except Exception as exc:  # anything but an outage must not block the conversation
                if is_transient(exc):
                    raise
                raise HandlerFailed(stored, exc) from exc
        self._outlet.submit(leased)
        if self._committed is not None:
            self._committed()
        return more

    async def _fail(self, key: str, stored: Stored[Inbound], exc: BaseException) -> None:
        """Keep the message, marked failed; apologise; tell the technician in one line."""
        message = stored.message
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            await uow.conversations.lock(key, now)
            await uow.inbound.finish(stored.id, now, error=f"{type(exc).__name__}: {exc}"[:2000])
            apology = APOLOGY + (TOLD if self._admins else "")
            replies = [Outbound(message.channel, message.sender, apology)]
            alert = (
                f"Alert: a message from {message.channel} {message.sender} could not be handled "
                f"({type(exc).__name__}). It is kept as inbound #{stored.id}."
            )
            replies += [
                Outbound(admin.channel, admin.address, alert)
                for admin in self._admins
                if (admin.channel, admin.address) != (message.channel, message.sender)
            ]
            leased = await self._outlet.enqueue(uow, replies, now)
            await uow.commit()
        self._outlet.submit(leased)

    async def _retry_media_later(self, stored: Stored[Inbound], reason: str) -> bool:
        if stored.attempts + 1 >= MAX_MEDIA_ATTEMPTS:
            await self._fail(stored.message.conversation_key, stored, MediaUnavailable(reason))
            return True
        delay = backoff_seconds(stored.attempts + 1, cap_seconds=300)
        async with SqlUnitOfWork(self._sessions) as uow:
            at = self._clock.now() + timedelta(seconds=delay)
            await uow.inbound.retry_later(stored.id, reason, at)
            await uow.commit()
        log.warning(
            "inbound #%s: file not fetched (%s); retrying in %.0fs", stored.id, reason, delay
        )
        return False


class HandlerFailed(Exception):
    """A handler raised: a bug or a broken rule, not an outage."""

    def __init__(self, stored: Stored[Inbound], cause: Exception) -> None:
        super().__init__(str(cause))
        self.stored = stored
        self.cause = cause
