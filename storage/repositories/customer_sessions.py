"""The portal's sessions: one row per signed-in browser, found by the hash of its token;
revoked rather than deleted, so the customer's list and the technician see what ended (the
retention sweep deletes them a month on). Signing out everywhere also signs out the
customer's web chats: an ended row names each chat, so it no longer signs its browser in
or hands out sign-in links until the browser signs in again by code or link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, func, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers import Channel
from domain.sign_in import SESSION_IDLE, CustomerSession, new_token, token_hash
from storage.tables import ChannelIdentityRow, CustomerSessionRow

_UA = 300  # the column's length


class SqlCustomerSessions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open(
        self,
        customer_id: int,
        token_hash: str,
        at: datetime,
        *,
        user_agent: str,
        client_address: str,
        chat_address: str | None = None,
    ) -> CustomerSession:
        row = CustomerSessionRow(
            customer_id=customer_id,
            token_hash=token_hash,
            created_at=at,
            last_seen_at=at,
            user_agent=user_agent[:_UA],
            client_address=client_address[:64],
            chat_address=chat_address,
        )
        self._session.add(row)
        await self._session.flush()
        return _session(row)

    async def by_token(self, token_hash: str) -> CustomerSession | None:
        row = await self._session.scalar(
            select(CustomerSessionRow).where(CustomerSessionRow.token_hash == token_hash)
        )
        return _session(row) if row else None

    async def touch(self, session_id: int, at: datetime) -> None:
        await self._session.execute(
            update(CustomerSessionRow)
            .where(CustomerSessionRow.id == session_id)
            .values(last_seen_at=at)
        )

    async def live_for(self, customer_id: int, now: datetime) -> list[CustomerSession]:
        """The customer's sessions still signed in, the most recently used first."""
        rows = await self._session.scalars(
            select(CustomerSessionRow)
            .where(
                CustomerSessionRow.customer_id == customer_id,
                CustomerSessionRow.revoked_at.is_(None),
                CustomerSessionRow.last_seen_at > now - SESSION_IDLE,
            )
            .order_by(CustomerSessionRow.last_seen_at.desc(), CustomerSessionRow.id.desc())
        )
        return [_session(row) for row in rows]

    async def revoke(self, customer_id: int, session_id: int, at: datetime) -> bool:
        """End one of the customer's own sessions; False for another's, or one ended already."""
        result = await self._session.execute(
            update(CustomerSessionRow)
            .where(
                CustomerSessionRow.id == session_id,
                CustomerSessionRow.customer_id == customer_id,
                CustomerSessionRow.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def revoke_all(self, customer_id: int, at: datetime) -> int:
        """End every session of the customer, and sign out their web chats; how many sessions
        were live."""
        result = await self._session.execute(
            update(CustomerSessionRow)
            .where(
                CustomerSessionRow.customer_id == customer_id,
                CustomerSessionRow.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )
        chats = await self._session.scalars(  # browsers' web chats ("c…"; not the portal's)
            select(ChannelIdentityRow.address).where(
                ChannelIdentityRow.customer_id == customer_id,
                ChannelIdentityRow.channel == Channel.WEB,
                ChannelIdentityRow.address.startswith("c"),
            )
        )
        for address in chats:
            chat = token_hash(address)
            if not await self.chat_signed_out(chat):
                self._session.add(_ended_chat(customer_id, chat, at))
        await self._session.flush()
        return int(getattr(result, "rowcount", 0) or 0)

    async def chat_signed_out(self, chat_address: str) -> bool:
        """The latest session of this web chat browser was ended: the chat no longer signs
        the browser in by itself, nor hands out sign-in links."""
        revoked_at = await self._session.scalar(
            select(CustomerSessionRow.revoked_at)
            .where(CustomerSessionRow.chat_address == chat_address)
            .order_by(CustomerSessionRow.id.desc())
            .limit(1)
        )
        return revoked_at is not None

    async def forget_ended(self, now: datetime) -> int:
        """Delete the sessions ended (revoked or idle) more than SESSION_IDLE ago; how many.
        A web chat's last ended session stays, stripped of browser and address: it is what
        keeps that chat signed out."""
        rows = CustomerSessionRow
        cutoff = now - SESSION_IDLE
        ended = or_(rows.revoked_at < cutoff, rows.last_seen_at < cutoff)
        chats_last = (
            select(func.max(rows.id))
            .where(rows.chat_address.is_not(None))
            .group_by(rows.chat_address)
        )
        keeps_chat_out = and_(rows.revoked_at.is_not(None), rows.id.in_(chats_last))
        await self._session.execute(
            update(rows).where(ended, keeps_chat_out).values(user_agent="", client_address="")
        )
        result = await self._session.execute(delete(rows).where(ended, not_(keeps_chat_out)))
        return int(getattr(result, "rowcount", 0) or 0)


def _ended_chat(customer_id: int, chat_address: str, at: datetime) -> CustomerSessionRow:
    """A web chat's sign-in, ended: its token (never given out) signs no one in."""
    return CustomerSessionRow(
        customer_id=customer_id,
        token_hash=token_hash(new_token()),
        created_at=at,
        last_seen_at=at,
        user_agent="",
        client_address="",
        chat_address=chat_address,
        revoked_at=at,
    )


def _session(row: CustomerSessionRow) -> CustomerSession:
    return CustomerSession(
        id=row.id,
        customer_id=row.customer_id,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        user_agent=row.user_agent,
        client_address=row.client_address,
        revoked_at=row.revoked_at,
    )
