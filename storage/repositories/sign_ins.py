"""Sign-in codes and links, kept as hashes; a code's tries and a link's single use are
counted by the database, so two processes cannot both spend one."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sign_in import CodePurpose, SignInCode, SignInLink
from storage.tables import SignInCodeRow, SignInLinkRow

KEEP = timedelta(days=1)  # spent codes and links are kept a day, then forgotten


class SqlSignIns:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_code(self, code: SignInCode, at: datetime) -> SignInCode:
        """Keep a new code; the target's earlier codes for the same purpose stop working."""
        await self._session.execute(
            update(SignInCodeRow)
            .where(
                SignInCodeRow.target == code.target,
                SignInCodeRow.purpose == code.purpose,
                SignInCodeRow.used_at.is_(None),
            )
            .values(used_at=at)
        )
        row = SignInCodeRow(
            target=code.target,
            customer_id=code.customer_id,
            channel=code.channel,
            purpose=code.purpose,
            code_hash=code.code_hash,
            created_at=at,
            expires_at=code.expires_at,
            tries=0,
        )
        self._session.add(row)
        await self._session.flush()
        return _code(row)

    async def latest_code(self, target: str, purpose: CodePurpose) -> SignInCode | None:
        """The newest code sent to the target for that purpose, held until the transaction
        ends (on Postgres), so two tries at once are counted one after the other."""
        row = await self._session.scalar(
            select(SignInCodeRow)
            .where(SignInCodeRow.target == target, SignInCodeRow.purpose == purpose)
            .order_by(SignInCodeRow.id.desc())
            .limit(1)
            .with_for_update()
        )
        return _code(row) if row else None

    async def count_try(self, code_id: int) -> None:
        await self._session.execute(
            update(SignInCodeRow)
            .where(SignInCodeRow.id == code_id)
            .values(tries=SignInCodeRow.tries + 1)
        )

    async def use_code(self, code_id: int, at: datetime) -> bool:
        """Mark it used; False when it was used already."""
        result = await self._session.execute(
            update(SignInCodeRow)
            .where(SignInCodeRow.id == code_id, SignInCodeRow.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def add_link(
        self, customer_id: int, token_hash: str, at: datetime, expires_at: datetime
    ) -> None:
        self._session.add(
            SignInLinkRow(
                customer_id=customer_id, token_hash=token_hash, created_at=at, expires_at=expires_at
            )
        )
        await self._session.flush()

    async def link(self, token_hash: str) -> SignInLink | None:
        row = await self._session.scalar(
            select(SignInLinkRow).where(SignInLinkRow.token_hash == token_hash)
        )
        if row is None:
            return None
        return SignInLink(row.id, row.customer_id, row.expires_at, row.used_at)

    async def spend_link(self, link_id: int, at: datetime) -> bool:
        """Use the link up; False when it was used already (by another tap, or process)."""
        result = await self._session.execute(
            update(SignInLinkRow)
            .where(SignInLinkRow.id == link_id, SignInLinkRow.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    async def forget_expired(self, now: datetime) -> None:
        """Drop codes and links that expired more than a day ago (used or not)."""
        for table in (SignInCodeRow, SignInLinkRow):
            await self._session.execute(delete(table).where(table.expires_at < now - KEEP))


def _code(row: SignInCodeRow) -> SignInCode:
    return SignInCode(
        id=row.id,
        target=row.target,
        customer_id=row.customer_id,
        channel=row.channel,
        purpose=CodePurpose(row.purpose),
        code_hash=row.code_hash,
        expires_at=row.expires_at,
        tries=row.tries,
        used_at=row.used_at,
    )
