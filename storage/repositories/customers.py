"""Customers and their channel identities."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers import Channel, ChannelIdentity, Customer
from storage.repositories.emails import SqlEmailBook
from storage.tables import (
    AuditEntryRow,
    ChannelIdentityRow,
    ConsentRow,
    CustomerRow,
    CustomerSessionRow,
    InvoiceRow,
    JobRow,
    ReminderPreferenceRow,
    ScheduledMessageRow,
    SignInCodeRow,
    SignInLinkRow,
)


class SqlCustomerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, customer: Customer) -> Customer:
        created_at = customer.created_at or datetime.now(UTC)
        row = CustomerRow(
            name=customer.name, phone=customer.phone, email=customer.email, created_at=created_at
        )
        self._session.add(row)
        await self._session.flush()
        for identity in customer.identities:
            await self.add_identity(row.id, identity)
        customer.id, customer.created_at = row.id, created_at
        return customer

    async def get(self, customer_id: int) -> Customer | None:
        return await self._load(_BY_ID, {"customer_id": customer_id})

    async def by_identity(self, channel: Channel, address: str) -> Customer | None:
        return await self._load(_BY_IDENTITY, {"channel": channel, "address": address})

    async def by_phone(self, phone: str) -> Customer | None:
        return await self._load(_BY_PHONE, {"phone": phone})

    async def add_identity(self, customer_id: int, identity: ChannelIdentity) -> None:
        self._session.add(
            ChannelIdentityRow(
                customer_id=customer_id,
                channel=identity.channel,
                address=identity.address,
                reachable=identity.reachable,
                last_inbound_at=identity.last_inbound_at,
                opted_out_at=identity.opted_out_at,
                created_at=datetime.now(UTC),
            )
        )
        await self._session.flush()

    async def set_reachable(self, channel: Channel, address: str, reachable: bool) -> None:
        await self._update_identity(channel, address, reachable=reachable)

    async def heard_from(self, channel: Channel, address: str, at: datetime) -> None:
        await self._update_identity(channel, address, last_inbound_at=at)

    async def set_opted_out(self, channel: Channel, address: str, at: datetime | None) -> None:
        """`at` records an opt-out (the first one's time is kept); None, an opt-in."""
        still_in = ChannelIdentityRow.opted_out_at.is_(None) if at is not None else None
        await self._update_identity(channel, address, still_in, opted_out_at=at)

    async def _update_identity(
        self,
        channel: Channel,
        address: str,
        condition: ColumnElement[bool] | None = None,
        **values: object,
    ) -> None:
        statement = update(ChannelIdentityRow).where(
            ChannelIdentityRow.channel == channel, ChannelIdentityRow.address == address
        )
        if condition is not None:
            statement = statement.where(condition)
        await self._session.execute(statement.values(**values))

    async def update(self, customer: Customer) -> None:
        await self._session.execute(
            update(CustomerRow)
            .where(CustomerRow.id == customer.id)
            .values(name=customer.name, phone=customer.phone, email=customer.email)
        )

    async def merge(self, source_id: int, into_id: int) -> None:
        await SqlEmailBook(self._session).move_to(source_id, into_id)
        moved = (
            ChannelIdentityRow,
            JobRow,
            InvoiceRow,
            ScheduledMessageRow,
            SignInCodeRow,
            SignInLinkRow,
            CustomerSessionRow,
            ConsentRow,
            AuditEntryRow,
        )
        for table in moved:
            await self._session.execute(
                update(table).where(table.customer_id == source_id).values(customer_id=into_id)
            )
        await self._merge_reminder_preference(source_id, into_id)
        await self._session.execute(delete(CustomerRow).where(CustomerRow.id == source_id))

    async def _merge_reminder_preference(self, source_id: int, into_id: int) -> None:
        """NO REMINDERS said on either record holds for the joined one."""
        prefs = ReminderPreferenceRow
        kept = await self._session.scalar(
            select(prefs.customer_id).where(prefs.customer_id == into_id)
        )
        if kept is None:
            await self._session.execute(
                update(prefs).where(prefs.customer_id == source_id).values(customer_id=into_id)
            )
        await self._session.execute(delete(prefs).where(prefs.customer_id == source_id))

    async def _load(self, statement: Select[Any], params: dict[str, object]) -> Customer | None:
        """A customer and every identity of theirs, in one query."""
        rows = (await self._session.execute(statement, params)).all()
        if not rows:
            return None
        first = rows[0]
        return Customer(
            id=first.id,
            name=first.name,
            phone=first.phone,
            email=first.email,
            created_at=first.created_at,
            identities=[
                ChannelIdentity(
                    Channel(r.channel), r.address, r.reachable, r.last_inbound_at, r.opted_out_at
                )
                for r in rows
                if r.channel is not None
            ],
        )


_customers = cast(Table, CustomerRow.__table__)
_identities = cast(Table, ChannelIdentityRow.__table__)


def _customer_where(condition: ColumnElement[bool]) -> Select[Any]:
    return (
        select(
            _customers,
            _identities.c.channel,
            _identities.c.address,
            _identities.c.reachable,
            _identities.c.last_inbound_at,
            _identities.c.opted_out_at,
        )
        .select_from(_customers.outerjoin(_identities))
        .where(condition)
        .order_by(_identities.c.id)
    )


_BY_ID = _customer_where(_customers.c.id == bindparam("customer_id"))
_BY_PHONE = _customer_where(_customers.c.phone == bindparam("phone"))
_BY_IDENTITY = _customer_where(
    _customers.c.id
    == select(_identities.c.customer_id)
    .where(
        _identities.c.channel == bindparam("channel"),
        _identities.c.address == bindparam("address"),
    )
    .scalar_subquery()
)
