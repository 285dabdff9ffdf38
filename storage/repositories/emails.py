"""Customers' e-mail addresses and their proof, the kinds of e-mail an address stopped, the
routes customers chose, and each job's invitation SEQUENCE."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.email import DEFAULT_ROUTES, EmailAddress, MailTopic, Route
from storage.repositories.common import dialect_of, insert_or_ignore
from storage.tables import (
    CalendarInviteRow,
    EmailAddressRow,
    EmailUnsubscribeRow,
    MessageRouteRow,
)

_unsubscribes = cast(Table, EmailUnsubscribeRow.__table__)
_UNSUBSCRIBE = insert_or_ignore(_unsubscribes, "address", "topic")


class SqlEmailBook:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def of_customer(self, customer_id: int) -> EmailAddress | None:
        row = await self._session.get(EmailAddressRow, customer_id, populate_existing=True)
        return _address(row) if row else None

    async def by_address(self, address: str) -> EmailAddress | None:
        rows = await self._session.scalars(
            select(EmailAddressRow).where(EmailAddressRow.address == address)
        )
        found = sorted(rows, key=lambda r: r.proven_at is None)
        return _address(found[0]) if found else None

    async def prove(self, customer_id: int, address: str, at: datetime) -> None:
        row = await self._session.get(EmailAddressRow, customer_id)
        if row is None:
            # code_hash, code_sent_at, code_tries: unused since proof codes are sign-in codes
            row = EmailAddressRow(customer_id=customer_id, code_hash="", code_tries=0)
            self._session.add(row)
        row.address, row.proven_at, row.refused_at = address, at, None
        await self._session.flush()

    async def refuse(self, address: str, at: datetime) -> bool:
        result = await self._session.execute(
            update(EmailAddressRow)
            .where(EmailAddressRow.address == address, EmailAddressRow.refused_at.is_(None))
            .values(refused_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def routes(self, customer_id: int) -> dict[MailTopic, Route]:
        rows = await self._session.scalars(
            select(MessageRouteRow).where(MessageRouteRow.customer_id == customer_id)
        )
        chosen = {MailTopic(r.topic): Route(r.route) for r in rows}
        return {topic: chosen.get(topic, route) for topic, route in DEFAULT_ROUTES.items()}

    async def set_route(self, customer_id: int, topic: MailTopic, route: Route) -> None:
        row = await self._session.get(MessageRouteRow, (customer_id, str(topic)))
        if row is None:
            self._session.add(MessageRouteRow(customer_id=customer_id, topic=topic, route=route))
        else:
            row.route = route
        await self._session.flush()

    async def unsubscribe(self, address: str, topic: MailTopic, at: datetime) -> None:
        await self._session.execute(
            _UNSUBSCRIBE[dialect_of(self._session)],
            {"address": address, "topic": str(topic), "at": at},
        )

    async def unsubscribed(self, address: str, topic: MailTopic) -> bool:
        row = await self._session.get(EmailUnsubscribeRow, (address, str(topic)))
        return row is not None

    async def next_invite_sequence(self, job_id: int) -> int:
        row = await self._session.get(CalendarInviteRow, job_id, with_for_update=True)
        if row is None:
            self._session.add(CalendarInviteRow(job_id=job_id, sequence=0))
            await self._session.flush()
            return 0
        row.sequence += 1
        await self._session.flush()
        return row.sequence

    async def invite_sequence(self, job_id: int) -> int:
        row = await self._session.get(CalendarInviteRow, job_id)
        return row.sequence if row else 0

    async def move_to(self, source_id: int, into_id: int) -> None:
        """A customer merged into another: their address and choices go along, unless the
        other has their own."""
        for table in (EmailAddressRow, MessageRouteRow):
            kept = await self._session.scalar(
                select(table.customer_id).where(table.customer_id == into_id).limit(1)
            )
            change = delete(table) if kept else update(table).values(customer_id=into_id)
            await self._session.execute(change.where(table.customer_id == source_id))


def _address(row: EmailAddressRow) -> EmailAddress:
    return EmailAddress(
        customer_id=row.customer_id,
        address=row.address,
        proven_at=row.proven_at,
        refused_at=row.refused_at,
    )
