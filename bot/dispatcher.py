"""Inbound messages: recorded before the 2xx, then handled once each, in order per conversation."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.base import MediaSource, MediaUnavailable
from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity
from domain.messages import Attachment, Inbound, Outbound
from domain.ports import Clock, FileStore
from handlers.router import route
from handlers.turn import Turn
from storage.repositories.messaging import Stored
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

MAX_MEDIA_ATTEMPTS = 6
# The database itself is away (or a race lost): leave the message for the poller to retry.
TRANSIENT_ERRORS = (OperationalError, DBAPIError, OSError, TimeoutError)
APOLOGY = (
    "Sorry, something went wrong on our side while handling your message. "
    "The technician has been told and will follow up."
)


class Dispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        business: BusinessConfig,
        clock: Clock,
        files: FileStore,
        admins: tuple[ChannelIdentity, ...],
        media: Mapping[Channel, MediaSource],
        on_committed: Callable[[], None],
    ) -> None:
        self._sessions = sessions
        self._business = business
        self._clock = clock
        self._files = files
        self._admins = admins
        self._media = media
        self._on_committed = on_committed
        self._draining: dict[str, asyncio.Task[None]] = {}

    async def accept(self, message: Inbound) -> bool:
        """Record durably (the caller answers 2xx only after this); False for a repeat."""
        async with SqlUnitOfWork(self._sessions) as uow:
            new = await uow.inbound.record(message)
            await uow.commit()
        if new:
            self.kick(message.conversation_key)
        return new

    def kick(self, conversation_key: str) -> None:
        """Make sure the conversation's waiting messages are being handled."""
        if conversation_key not in self._draining:
            task = asyncio.create_task(self._drain(conversation_key))
            self._draining[conversation_key] = task

    async def resume(self) -> None:
        """Pick up whatever waits: left by a crash, deferred for a retry, or accepted elsewhere."""
        try:
            async with SqlUnitOfWork(self._sessions) as uow:
                keys = await uow.inbound.conversations_due(self._clock.now())
        except TRANSIENT_ERRORS as exc:
            log.warning("cannot look for waiting messages: %s", type(exc).__name__)
            return
        for key in keys:
            self.kick(key)

    async def settled(self) -> None:
        """Wait until every conversation in hand has been handled as far as it can be."""
        while self._draining:
            await asyncio.gather(*self._draining.values(), return_exceptions=True)

    async def stop(self, grace: float) -> None:
        tasks = list(self._draining.values())
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:  # its transaction rolls back; the message stays for next time
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _drain(self, key: str) -> None:
        try:
            while await self._handle_next(key):
                pass
        except TRANSIENT_ERRORS as exc:
            log.warning("conversation %s paused: %s", key, type(exc).__name__)
        finally:
            self._draining.pop(key, None)

    async def _handle_next(self, key: str) -> bool:
        async with SqlUnitOfWork(self._sessions) as uow:
            stored = await uow.inbound.next_in(key, self._clock.now())
        if stored is None:
            return False
        try:
            message = await self._fetch_media(stored)
        except MediaUnavailable as exc:
            return await self._retry_media_later(stored, str(exc))
        try:
            handled = await self._handle(key, stored.id, message)
        except TRANSIENT_ERRORS:
            raise
        except Exception as exc:
            log.exception("handling inbound #%s failed", stored.id, extra={"conversation": key})
            await self._fail(key, stored, exc)
            handled = True
        self._on_committed()
        return handled

    async def _handle(self, key: str, message_id: int, message: Inbound) -> bool:
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            state = await uow.conversations.lock(key, now)
            current = await uow.inbound.next_in(key, now)
            if current is None or current.id != message_id:
                return True  # another process got there first; look again
            turn = Turn(message, uow, self._clock, self._business, self._admins, state)
            await route(turn)
            await uow.conversations.save(key, turn.state, now)
            for outbound in turn.outbox:
                await uow.outbox.enqueue(outbound, now)
            await uow.inbound.finish(message_id, now)
            await uow.commit()
        return True

    async def _fail(self, key: str, stored: Stored[Inbound], exc: Exception) -> None:
        """Keep the message, marked failed; apologise; tell the technician in one line."""
        message = stored.message
        async with SqlUnitOfWork(self._sessions) as uow:
            now = self._clock.now()
            await uow.conversations.lock(key, now)
            await uow.inbound.finish(stored.id, now, error=f"{type(exc).__name__}: {exc}"[:2000])
            await uow.outbox.enqueue(Outbound(message.channel, message.sender, APOLOGY), now)
            alert = (
                f"Alert: a message from {message.channel} {message.sender} could not be handled "
                f"({type(exc).__name__}). It is kept as inbound #{stored.id}."
            )
            for admin in self._admins:
                if (admin.channel, admin.address) != (message.channel, message.sender):
                    await uow.outbox.enqueue(Outbound(admin.channel, admin.address, alert), now)
            await uow.commit()

    async def _fetch_media(self, stored: Stored[Inbound]) -> Inbound:
        """Bring the customer's files into our file store before the transaction starts, so
        no network wait ever holds a database lock."""
        message = stored.message
        if not message.media:
            return message
        source = self._media.get(message.channel)
        if source is None:
            raise MediaUnavailable(f"no {message.channel} connection to fetch files")
        fetched: list[Attachment] = []
        refused = list(message.refused_media)
        for index, item in enumerate(message.media):
            try:
                data = await source.fetch(item.ref)
            except ValueError:
                refused.append(item.filename or "a file")
                continue
            key = f"inbound/{stored.id}/{index}-{_safe_name(item.filename)}"
            await self._files.put(key, data, item.content_type)
            fetched.append(replace(item, ref=key))
        return replace(message, media=tuple(fetched), refused_media=tuple(refused))

    async def _retry_media_later(self, stored: Stored[Inbound], reason: str) -> bool:
        if stored.attempts + 1 >= MAX_MEDIA_ATTEMPTS:
            await self._fail(stored.message.conversation_key, stored, MediaUnavailable(reason))
            self._on_committed()
            return True
        delay = min(2 ** (stored.attempts + 1), 300) * random.uniform(0.8, 1.2)  # noqa: S311
        async with SqlUnitOfWork(self._sessions) as uow:
            at = self._clock.now() + timedelta(seconds=delay)
            await uow.inbound.retry_later(stored.id, reason, at)
            await uow.commit()
        log.warning(
            "inbound #%s: file not fetched (%s); retrying in %.0fs", stored.id, reason, delay
        )
        return False


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename).strip("._")[:80]
    return name or "file"
