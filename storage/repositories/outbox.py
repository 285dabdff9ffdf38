"""The outbox: messages committed with the change that caused them, leased while sent."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, bindparam, case, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.messages import Outbound
from storage.repositories.common import Stored, dialect_of
from storage.tables import OutboxRow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    DEAD = "dead"  # temporary failures until the attempts ran out: kept, the technician told


@dataclass(frozen=True, slots=True)
class Delivery:
    """A sent message as the platform's delivery reports left it."""

    item: Stored[Outbound]
    status: OutboxStatus
    platform_id: str | None
    delivery_status: str | None


@dataclass(frozen=True, slots=True)
class SentMark:
    """A message the platform accepted: its id there, and when."""

    id: int
    platform_id: str | None
    at: datetime


_outbox = cast(Table, OutboxRow.__table__)
_CLAIM_TURN = select(func.pg_advisory_xact_lock(0x6267_6F75_7462_6F78))  # "bgoutbox"
_ENQUEUE = insert(_outbox).returning(_outbox.c.id)
_older = _outbox.alias("older")
# An older message to the same recipient still waits (and is not one the caller is sending
# itself, in order): a new one must queue behind it. A message the platform took once and is
# to be sent again (it was not delivered) holds nothing back: what followed it went out already.
_WAITING_BEFORE = exists().where(
    # (bound names apart from the columns': an INSERT keeps those for its own values)
    _older.c.channel == bindparam("older_channel"),
    _older.c.recipient == bindparam("older_recipient"),
    _older.c.status == OutboxStatus.PENDING,
    _older.c.platform_message_id.is_(None),
    _older.c.id.not_in(bindparam("sending", expanding=True)),
)
# Enqueued leased to the caller unless it must queue behind such a message: one round trip.
_ENQUEUE_LEASED = (
    insert(_outbox)
    .values(
        claimed_until=case(
            (_WAITING_BEFORE, None),
            else_=bindparam("until", type_=_outbox.c.claimed_until.type),
        )
    )
    .returning(_outbox.c.id, _outbox.c.claimed_until)
)
# A delivery report can overtake the sent-mark and record the send itself: the mark then
# leaves alone what the report (and what it led to) wrote.
_MARK_SENT = (
    update(_outbox)
    .where(
        _outbox.c.id == bindparam("message_id"),
        or_(
            _outbox.c.platform_message_id.is_(None),
            _outbox.c.platform_message_id != bindparam("platform_id"),
        ),
    )
    .values(
        status=OutboxStatus.SENT,
        platform_message_id=bindparam("platform_id"),
        delivery_status=None,  # a new send starts a new delivery story
        sent_at=bindparam("at"),
        claimed_until=None,
        attempts=_outbox.c.attempts + 1,
    )
)


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enqueue(self, message: Outbound, at: datetime) -> int:
        result = await self._session.execute(_ENQUEUE, _row(message, at) | {"claimed_until": None})
        return int(result.scalar_one())

    async def enqueue_leased(
        self, message: Outbound, at: datetime, until: datetime, sending: Collection[int] = ()
    ) -> Stored[Outbound] | None:
        """Enqueue leased to the caller, who sends it right after the commit (after the rows
        in `sending`, which the caller sends in order). None when another older message to the
        same recipient still waits: this one then queues behind it."""
        row = (
            await self._session.execute(
                _ENQUEUE_LEASED,
                _row(message, at)
                | {
                    "until": until,
                    "sending": list(sending),
                    "older_channel": message.channel,
                    "older_recipient": message.recipient,
                },
            )
        ).one()
        return Stored(row.id, message, 0, at) if row.claimed_until is not None else None

    async def claim_due(
        self, now: datetime, lease: timedelta, limit: int
    ) -> list[Stored[Outbound]]:
        """Lease due messages, oldest first. Rows another process holds are skipped, and so is
        every row with an older one to the same recipient that cannot go now: order holds."""
        if dialect_of(self._session) == "postgresql":
            # Claimers take turns: the next one's snapshot then sees the leases just committed,
            # so two processes never split one recipient's messages. (SQLite writers already
            # take turns.) The claim transaction is short.
            await self._session.execute(_CLAIM_TURN)
        rows = (
            await self._session.execute(
                select(_outbox)
                .where(
                    _outbox.c.status == OutboxStatus.PENDING,
                    _outbox.c.next_attempt_at <= now,
                    or_(_outbox.c.claimed_until.is_(None), _outbox.c.claimed_until < now),
                    ~exists().where(
                        _older.c.channel == _outbox.c.channel,
                        _older.c.recipient == _outbox.c.recipient,
                        _older.c.status == OutboxStatus.PENDING,
                        _older.c.platform_message_id.is_(None),
                        _older.c.id < _outbox.c.id,
                        or_(_older.c.next_attempt_at > now, _older.c.claimed_until >= now),
                    ),
                )
                .order_by(_outbox.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if rows:
            await self._session.execute(
                update(_outbox)
                .where(_outbox.c.id.in_([r.id for r in rows]))
                .values(claimed_until=now + lease)
            )
        return [Stored(r.id, Outbound.from_json(r.payload), r.attempts, r.created_at) for r in rows]

    async def mark_sent(self, marks: Sequence[SentMark]) -> None:
        await self._session.execute(
            _MARK_SENT,
            [{"message_id": m.id, "platform_id": m.platform_id, "at": m.at} for m in marks],
        )

    async def delivery(self, message_id: int) -> Delivery | None:
        """The message and its delivery state, locked until the transaction ends."""
        row = (
            await self._session.execute(
                select(_outbox).where(_outbox.c.id == message_id).with_for_update()
            )
        ).first()
        if row is None:
            return None
        item = Stored(row.id, Outbound.from_json(row.payload), row.attempts, row.created_at)
        status = OutboxStatus(row.status)
        return Delivery(item, status, row.platform_message_id, row.delivery_status)

    async def sent_as(self, channel: str, recipient: str, platform_id: str) -> Outbound | None:
        """The message the platform knows by that id in that chat (what a reply refers to)."""
        payload = await self._session.scalar(
            select(_outbox.c.payload).where(
                _outbox.c.platform_message_id == platform_id,
                _outbox.c.channel == channel,
                _outbox.c.recipient == recipient,
            )
        )
        return Outbound.from_json(payload) if payload is not None else None

    async def record_send(self, message_id: int, platform_id: str, at: datetime) -> None:
        """The platform reported on a send whose sent-mark has not come yet: record it now."""
        await self._session.execute(
            _MARK_SENT, {"message_id": message_id, "platform_id": platform_id, "at": at}
        )

    async def set_delivery_status(self, message_id: int, status: str, error: str | None) -> None:
        values: dict[str, object] = {"delivery_status": status}
        if error:
            values["last_error"] = error
        await self._session.execute(
            update(_outbox).where(_outbox.c.id == message_id).values(**values)
        )

    async def send_again(self, message_id: int, error: str, at: datetime) -> None:
        """A message the platform accepted but could not deliver goes out again at `at`; the
        failed send's id and report stay until the new send is recorded."""
        await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id)
            .values(
                status=OutboxStatus.PENDING,
                last_error=error,
                next_attempt_at=at,
                claimed_until=None,
            )
        )

    async def retry_later(
        self, message_id: int, error: str, at: datetime, *, counted: bool = True
    ) -> None:
        """Try again at `at`; `counted`: the failed try counts towards the dead letters (a
        platform asking us to slow down does not)."""
        await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id)
            .values(
                last_error=error,
                next_attempt_at=at,
                claimed_until=None,
                attempts=_outbox.c.attempts + int(counted),
            )
        )

    async def extend_lease(self, message_ids: list[int], until: datetime) -> None:
        await self._session.execute(
            update(_outbox)
            .where(
                _outbox.c.id.in_(message_ids),
                _outbox.c.status == OutboxStatus.PENDING,
                _outbox.c.claimed_until.is_not(None),
            )
            .values(claimed_until=until)
        )

    async def postpone(self, message_ids: list[int], at: datetime) -> None:
        """Hold messages back without counting an attempt (they queue behind a failed one)."""
        if message_ids:
            await self._session.execute(
                update(_outbox)
                .where(_outbox.c.id.in_(message_ids))
                .values(next_attempt_at=at, claimed_until=None)
            )

    async def give_up(self, message_id: int, error: str, *, tried: bool = True) -> None:
        """No more tries. `tried`: the attempt that failed is to be counted (a send refused
        at once); a delivery report comes after a send already counted."""
        await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id)
            .values(
                status=OutboxStatus.FAILED,
                last_error=error,
                claimed_until=None,
                attempts=_outbox.c.attempts + int(tried),
            )
        )

    async def dead_letter(self, message_id: int, error: str) -> bool:
        """Retried to the end: no more tries. False when it had left the queue already."""
        result = await self._session.execute(
            update(_outbox)
            .where(_outbox.c.id == message_id, _outbox.c.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.DEAD,
                last_error=error,
                claimed_until=None,
                attempts=_outbox.c.attempts + 1,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _row(message: Outbound, at: datetime) -> dict[str, object]:
    return {
        "channel": message.channel,
        "recipient": message.recipient,
        "payload": message.to_json(),
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": at,
        "created_at": at,
    }
