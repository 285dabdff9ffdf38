"""The audit log of a customer's data: who exported, changed, erased or looked at it."""

from __future__ import annotations

from domain.privacy import AuditAction, AuditEntry
from handlers.kernel.turn import Turn
from handlers.shared.wording import channel_name


def actor(turn: Turn) -> str:
    """Who is acting in this turn, as the log says it (never a customer's name)."""
    where = channel_name(turn.inbound.channel)
    if turn.is_admin:
        return "technician (console)" if where == "the web chat" else f"technician ({where})"
    return f"customer ({where})"


async def audit(turn: Turn, action: AuditAction, customer_id: int | None, detail: str = "") -> None:
    entry = AuditEntry(actor(turn), action, customer_id, turn.clock.now(), detail)
    await turn.uow.privacy.audit(entry)
