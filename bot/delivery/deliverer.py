"""The outbox deliverer: sends what handlers committed, in order per recipient, retrying."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.coalesce import Coalescer
from bot.delivery.backoff import backoff_seconds
from bot.delivery.pacing import Pace
from bot.delivery.sending import ChannelSender, DeliveryFailed
from bot.delivery.undelivered import undelivered
from bot.tasks import spawn
from domain.customers import Channel, ChannelIdentity
from domain.messages import Outbound
from domain.ports import Clock
from storage.errors import is_transient
from storage.repositories.common import Stored
from storage.repositories.outbox import SentMark
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

# A claimed row is ours for LEASE, renewed while we work on it: after a crash mid-send the
# message goes out again within LEASE, while a live process never has its rows taken.
LEASE = timedelta(seconds=30)
RENEW_EVERY_SECONDS = 10.0
BATCH = 200
# Temporary failures (outages, 429s) are retried at most until the message is this old, then
# it goes to the dead letters. Permanent failures stop at once.
GIVE_UP_AFTER = timedelta(hours=24)
# Failed sends (not 429s, which are waited out) are tried this often in all, waiting longer
# each time, before the message goes to the dead letters and the technician is told. Ten
# tries span about an hour and a half of an outage (five, as the example, would give
# up after two and a half minutes of a platform's hiccup).
MAX_ATTEMPTS = 10
FIRST_RETRY_SECONDS = 10.0
MAX_RETRY_SECONDS = 3600.0
POLL_SECONDS = 1.0
MAX_POLL_BACKOFF_SECONDS = 60.0


class Deliverer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock,
        admins: tuple[ChannelIdentity, ...],
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self._sessions = sessions
        self._max_attempts = max_attempts
        self._pacers: dict[Channel, Pace] = {}
        self._clock = clock
        self._admins = admins
        self._senders: dict[Channel, ChannelSender] = {}
        self._held: set[int] = set()
        # One lock per recipient: its messages leave in the order they were committed. The
        # count of tasks using or awaiting it says when the lock may be dropped.
        self._recipients: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        self._sending: set[asyncio.Task[None]] = set()
        # Recipients whose last send failed: nothing newer goes to them before the retry.
        self._blocked: dict[tuple[str, str], datetime] = {}
        self._stopping = asyncio.Event()
        self._marks = Coalescer(self._mark_sent)
        self._loops: list[asyncio.Task[None]] = []

    def add_sender(
        self, channel: Channel, sender: ChannelSender, pacer: Pace | None = None
    ) -> None:
        self._senders[channel] = sender
        if pacer is not None:
            self._pacers[channel] = pacer

    def start(self) -> None:
        self._loops = [spawn(self._poll()), spawn(self._renew_leases())]

    async def stop(self, grace: float) -> None:
        """Let sends in flight finish (up to `grace` seconds); unsent rows wait for next time."""
        self._stopping.set()
        # The poll loop ends by itself after its current round; the lease renewer never does.
        finishing = [*self._sending, *self._loops[:1]]
        if finishing:
            await asyncio.wait(finishing, timeout=grace)
        await self._marks.flush()
        everything = [*self._sending, *self._loops]
        for task in everything:
            task.cancel()
        await asyncio.gather(*everything, return_exceptions=True)

    async def enqueue(
        self, uow: SqlUnitOfWork, messages: Iterable[Outbound], now: datetime
    ) -> list[Stored[Outbound]]:
        """Put messages in the outbox within the caller's transaction, leased to us; after the
        commit, hand the result to `submit`. A message that must queue behind an older one
        (a retry, a crash's leftover, another process's) is left to the poller."""
        leased: list[Stored[Outbound]] = []
        for message in messages:
            for piece in self._pieces(message):
                sending = self._held | {item.id for item in leased}
                item = await uow.outbox.enqueue_leased(piece, now, now + LEASE, sending)
                if item is not None:
                    leased.append(item)
        return leased

    def _pieces(self, message: Outbound) -> list[Outbound]:
        sender = self._senders.get(Channel(message.channel))
        return sender.pieces(message) if sender else [message]

    async def settled(self) -> None:
        """Wait until every hand-off in flight, and what it led to, has been sent or recorded."""
        while self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def submit(self, items: Sequence[Stored[Outbound]]) -> None:
        """Send messages already leased to us (committed with their lease) right away."""
        if items and not self._stopping.is_set():
            self._held.update(item.id for item in items)
            spawn(self._send_all(items), into=self._sending)

    async def deliver_due(self) -> None:
        """Claim and send whatever is due: retries, and anything a crash left behind."""
        while not self._stopping.is_set():
            async with SqlUnitOfWork(self._sessions) as uow:
                batch = await uow.outbox.claim_due(self._clock.now(), LEASE, BATCH)
                await uow.commit()
            if not batch:
                return
            # A row whose lease ran out while a submit task still holds it is that task's.
            batch = [item for item in batch if item.id not in self._held]
            self._held.update(item.id for item in batch)
            await self._send_all(batch)

    async def _poll(self) -> None:
        """Deliver what is due every second; while rounds keep failing, back off (to a minute)
        and log the repeats in one line each instead of a traceback a second."""
        failures = 0
        while not self._stopping.is_set():
            try:
                await self.deliver_due()
                failures = 0
            except Exception as exc:
                failures += 1
                if failures == 1:
                    log.exception("delivery round failed; trying again shortly")
                else:
                    log.warning("delivery round failed again (%s)", type(exc).__name__)
            delay = min(POLL_SECONDS * 2**failures, MAX_POLL_BACKOFF_SECONDS)
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=delay)

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY_SECONDS)
            if not self._held:
                continue
            try:
                async with SqlUnitOfWork(self._sessions) as uow:
                    await uow.outbox.extend_lease(sorted(self._held), self._clock.now() + LEASE)
                    await uow.commit()
            except Exception:
                log.exception("could not renew outbox leases")

    async def _send_all(self, items: Iterable[Stored[Outbound]]) -> None:
        groups: dict[tuple[str, str], list[Stored[Outbound]]] = {}
        for item in items:
            groups.setdefault((item.message.channel, item.message.recipient), []).append(item)
        outcomes = await asyncio.gather(
            *(self._send_in_order(key, group) for key, group in groups.items()),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                log.error("sending to one recipient stopped", exc_info=outcome)

    async def _send_in_order(self, key: tuple[str, str], items: list[Stored[Outbound]]) -> None:
        lock, users = self._recipients.get(key, (asyncio.Lock(), 0))
        self._recipients[key] = (lock, users + 1)
        try:
            async with lock:
                blocked_until = self._blocked.get(key)
                if blocked_until is not None and blocked_until > self._clock.now():
                    await self._postpone(items, blocked_until)
                    return
                for index, item in enumerate(items):
                    retry_at = await self._send_one(item)
                    if retry_at is not None:  # later messages wait behind the one that failed
                        self._blocked[key] = retry_at
                        await self._postpone(items[index + 1 :], retry_at)
                        return
                self._blocked.pop(key, None)
        except Exception:
            # Recording an outcome failed (the database is away). What is left of this group
            # stays leased; nothing newer may overtake it until the poller takes over.
            self._blocked[key] = self._clock.now() + LEASE
            raise
        finally:
            self._held.difference_update(item.id for item in items)
            lock, users = self._recipients[key]
            if users == 1:
                del self._recipients[key]
            else:
                self._recipients[key] = (lock, users - 1)

    async def _postpone(self, items: Sequence[Stored[Outbound]], until: datetime) -> None:
        if items:
            async with SqlUnitOfWork(self._sessions) as uow:
                await uow.outbox.postpone([item.id for item in items], until)
                await uow.commit()

    async def _send_one(self, item: Stored[Outbound]) -> datetime | None:
        """Send one message and record the outcome; the retry time if it must wait."""
        message = item.message
        sender = self._senders.get(Channel(message.channel))
        try:
            if sender is None:
                raise DeliveryFailed(f"the {message.channel} channel is not configured")
            if pacer := self._pacers.get(Channel(message.channel)):
                await pacer.wait(message.recipient)
            platform_id = await sender.send(message, outbox_id=item.id)
        except DeliveryFailed as exc:
            return await self._record_failure(item, exc)
        except Exception as exc:  # an adapter bug must not stop delivery of everything else
            log.exception("sending outbox #%s raised", item.id)
            return await self._record_failure(item, DeliveryFailed(f"{type(exc).__name__}: {exc}"))
        await self._record_sent(SentMark(item.id, platform_id, self._clock.now()))
        return None

    async def _record_sent(self, mark: SentMark) -> None:
        """The message is out: keep trying to say so (a lost mark means a resend)."""
        delay = 0.5
        while True:
            try:
                await self._marks.add(mark)
                return
            except Exception as exc:
                if not is_transient(exc) or self._stopping.is_set():
                    raise
                log.warning("could not record outbox #%s as sent; retrying", mark.id)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RENEW_EVERY_SECONDS)

    async def _mark_sent(self, marks: Sequence[SentMark]) -> list[None]:
        """Sends finishing together are recorded in one transaction (group commit)."""
        async with SqlUnitOfWork(self._sessions) as uow:
            await uow.outbox.mark_sent(marks)
            await uow.commit()
        return [None] * len(marks)

    async def _record_failure(self, item: Stored[Outbound], exc: DeliveryFailed) -> datetime | None:
        message, attempts = item.message, item.attempts + 1
        now = self._clock.now()
        in_time = now - item.created_at < GIVE_UP_AFTER
        if not exc.permanent and in_time and exc.retry_after is not None:
            # Asked to slow down: wait as told, without counting it as a failed attempt.
            retry_at = now + timedelta(seconds=exc.retry_after)
            async with SqlUnitOfWork(self._sessions) as uow:
                await uow.outbox.retry_later(item.id, exc.reason, retry_at, counted=False)
                await uow.commit()
            log.warning("outbox #%s: %s; waiting %.0fs", item.id, exc.reason, exc.retry_after)
            return retry_at
        if not exc.permanent and in_time and attempts < self._max_attempts:
            delay = backoff_seconds(attempts, FIRST_RETRY_SECONDS, MAX_RETRY_SECONDS)
            retry_at = now + timedelta(seconds=delay)
            async with SqlUnitOfWork(self._sessions) as uow:
                await uow.outbox.retry_later(item.id, exc.reason, retry_at)
                await uow.commit()
            log.warning(
                "outbox #%s to %s not sent (%s); retry %s in %.0fs",
                item.id, message.channel, exc.reason, attempts, delay,
            )  # fmt: skip
            return retry_at
        if not exc.permanent:
            await self._dead_letter(item, exc, attempts, now)
            return None
        # Refused because they opted out, or carried by another channel: routine, not an error.
        level = logging.INFO if exc.opted_out or exc.instead else logging.ERROR
        log.log(level, "outbox #%s to %s given up: %s", item.id, message.channel, exc.reason)
        async with SqlUnitOfWork(self._sessions) as uow:
            await uow.outbox.give_up(item.id, exc.reason)
            follow_ups = await self.enqueue(
                uow, await undelivered(uow, message, exc, self._admins, now), now
            )
            await uow.commit()
        self.submit(follow_ups)
        return None

    async def _dead_letter(
        self, item: Stored[Outbound], exc: DeliveryFailed, attempts: int, now: datetime
    ) -> None:
        """Tried long enough: kept as a dead letter, and the technician told once (a second
        process reaching the same verdict finds the row dead already)."""
        log.error("outbox #%s to %s dead after %s tries: %s", item.id, item.message.channel,
                  attempts, exc.reason)  # fmt: skip
        why = exc.reason if attempts < self._max_attempts else f"{exc.reason} ({attempts} tries)"
        async with SqlUnitOfWork(self._sessions) as uow:
            alerts: list[Stored[Outbound]] = []
            if await uow.outbox.dead_letter(item.id, exc.reason):
                told = DeliveryFailed(why, permanent=True)
                alerts = await self.enqueue(
                    uow, await undelivered(uow, item.message, told, self._admins, now), now
                )
            await uow.commit()
        self.submit(alerts)
