"""The outbox deliverer: sends what handlers committed, in order per recipient, retrying."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.base import ChannelSender, DeliveryFailed
from domain.customers import Channel, ChannelIdentity
from domain.messages import Outbound
from domain.ports import Clock
from storage.repositories.messaging import Stored
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # longer than any one send, rate-limit waits included
BATCH = 200
MAX_ATTEMPTS = 8
POLL_SECONDS = 5.0


def backoff_seconds(attempts: int) -> float:
    """2 s, 4 s, 8 s … capped at 10 minutes, with jitter so retries don't arrive in step."""
    return float(min(2**attempts, 600)) * random.uniform(0.8, 1.2)  # noqa: S311


class Deliverer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock,
        admins: tuple[ChannelIdentity, ...],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._admins = admins
        self._senders: dict[Channel, ChannelSender] = {}
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def add_sender(self, channel: Channel, sender: ChannelSender) -> None:
        self._senders[channel] = sender

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self, grace: float) -> None:
        """Let the round in flight finish (up to `grace` seconds), then stop."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            _, pending = await asyncio.wait({self._task}, timeout=grace)
            for task in pending:  # its leased messages go out again after the lease ends
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _run(self) -> None:
        """Deliver whenever woken (after each commit) and every few seconds regardless."""
        while not self._stopping:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=POLL_SECONDS)
            self._wake.clear()
            try:
                await self.deliver_due()
            except Exception:
                log.exception("delivery round failed; trying again shortly")

    async def deliver_due(self) -> int:
        """Send everything due now; the number of messages attempted."""
        attempted = 0
        async with self._lock:
            while True:
                async with SqlUnitOfWork(self._sessions) as uow:
                    batch = await uow.outbox.claim_due(self._clock.now(), LEASE, BATCH)
                    await uow.commit()
                if not batch:
                    return attempted
                attempted += len(batch)
                groups: dict[tuple[str, str], list[Stored[Outbound]]] = {}
                for item in batch:
                    groups.setdefault((item.message.channel, item.message.recipient), []).append(
                        item
                    )
                await asyncio.gather(*(self._send_in_order(g) for g in groups.values()))

    async def _send_in_order(self, items: Sequence[Stored[Outbound]]) -> None:
        for index, item in enumerate(items):
            retry_at = await self._send_one(item)
            if retry_at is not None:  # later messages wait behind the one that failed
                async with SqlUnitOfWork(self._sessions) as uow:
                    await uow.outbox.postpone([w.id for w in items[index + 1 :]], retry_at)
                    await uow.commit()
                return

    async def _send_one(self, item: Stored[Outbound]) -> datetime | None:
        """Send one message and record the outcome; the retry time if it must wait."""
        message = item.message
        sender = self._senders.get(Channel(message.channel))
        try:
            if sender is None:
                raise DeliveryFailed(f"the {message.channel} channel is not configured")
            platform_id = await sender.send(message)
        except DeliveryFailed as exc:
            return await self._record_failure(item, exc)
        except Exception as exc:  # an adapter bug must not stop delivery of everything else
            log.exception("sending outbox #%s raised", item.id)
            return await self._record_failure(item, DeliveryFailed(f"{type(exc).__name__}: {exc}"))
        async with SqlUnitOfWork(self._sessions) as uow:
            await uow.outbox.mark_sent(item.id, platform_id, self._clock.now())
            await uow.commit()
        return None

    async def _record_failure(self, item: Stored[Outbound], exc: DeliveryFailed) -> datetime | None:
        message, attempts = item.message, item.attempts + 1
        now = self._clock.now()
        if not exc.permanent and attempts < MAX_ATTEMPTS:
            delay = exc.retry_after if exc.retry_after is not None else backoff_seconds(attempts)
            retry_at = now + timedelta(seconds=delay)
            async with SqlUnitOfWork(self._sessions) as uow:
                await uow.outbox.retry_later(item.id, exc.reason, retry_at)
                await uow.commit()
            log.warning(
                "outbox #%s to %s not sent (%s); retry %s in %.0fs",
                item.id,
                message.channel,
                exc.reason,
                attempts,
                delay,
            )
            return retry_at
        log.error("outbox #%s to %s given up: %s", item.id, message.channel, exc.reason)
        async with SqlUnitOfWork(self._sessions) as uow:
            await uow.outbox.give_up(item.id, exc.reason)
            if exc.unreachable:
                await uow.customers.set_reachable(
                    Channel(message.channel), message.recipient, False
                )
            if not self._is_admin(message):
                who = await uow.customers.by_identity(Channel(message.channel), message.recipient)
                name = who.name if who and who.name else message.recipient
                alert = f"Could not reach {name} on {message.channel}: {exc.reason}"
                for admin in self._admins:
                    await uow.outbox.enqueue(Outbound(admin.channel, admin.address, alert), now)
            await uow.commit()
        self.wake()
        return None

    def _is_admin(self, message: Outbound) -> bool:
        return any(
            (a.channel, a.address) == (message.channel, message.recipient) for a in self._admins
        )
