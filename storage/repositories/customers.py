"""Customers and their channel identities."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers import Channel, ChannelIdentity, Customer
from storage.tables import ChannelIdentityRow, CustomerRow, InvoiceRow, JobRow


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
        row = await self._session.get(CustomerRow, customer_id)
        return await self._to_domain(row) if row else None

    async def by_identity(self, channel: Channel, address: str) -> Customer | None:
        row = await self._session.scalar(
            select(CustomerRow)
            .join(ChannelIdentityRow, ChannelIdentityRow.customer_id == CustomerRow.id)
            .where(ChannelIdentityRow.channel == channel, ChannelIdentityRow.address == address)
        )
        return await self._to_domain(row) if row else None

    async def by_phone(self, phone: str) -> Customer | None:
        row = await self._session.scalar(select(CustomerRow).where(CustomerRow.phone == phone))
        return await self._to_domain(row) if row else None

    async def add_identity(self, customer_id: int, identity: ChannelIdentity) -> None:
        self._session.add(
            ChannelIdentityRow(
                customer_id=customer_id,
                channel=identity.channel,
                address=identity.address,
                reachable=identity.reachable,
                created_at=datetime.now(UTC),
            )
        )
        await self._session.flush()

    async def set_reachable(self, channel: Channel, address: str, reachable: bool) -> None:
        await self._session.execute(
            update(ChannelIdentityRow)
            .where(ChannelIdentityRow.channel == channel, ChannelIdentityRow.address == address)
            .values(reachable=reachable)
        )

    async def update(self, customer: Customer) -> None:
        await self._session.execute(
            update(CustomerRow)
            .where(CustomerRow.id == customer.id)
            .values(name=customer.name, phone=customer.phone, email=customer.email)
        )

    async def merge(self, source_id: int, into_id: int) -> None:
        for table in (ChannelIdentityRow, JobRow, InvoiceRow):
            await self._session.execute(
                update(table).where(table.customer_id == source_id).values(customer_id=into_id)
            )
        await self._session.execute(delete(CustomerRow).where(CustomerRow.id == source_id))

    async def _to_domain(self, row: CustomerRow) -> Customer:
        identities = await self._session.scalars(
            select(ChannelIdentityRow)
            .where(ChannelIdentityRow.customer_id == row.id)
            .order_by(ChannelIdentityRow.id)
        )
        return Customer(
            id=row.id,
            name=row.name,
            phone=row.phone,
            email=row.email,
            created_at=row.created_at,
            identities=[
                ChannelIdentity(Channel(i.channel), i.address, i.reachable) for i in identities
            ],
        )
