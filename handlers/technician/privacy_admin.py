"""The technician's side of customers' privacy: confirming an erasure a customer asked for,
and /audit, the log of who exported, changed, erased or opened a customer's data."""

from __future__ import annotations

from domain.errors import InvalidReference
from domain.jobs import parse_job_reference
from domain.privacy import ERASED_NAME, AuditAction
from domain.records import thumbnail_key
from handlers.kernel.turn import Turn
from handlers.shared.audit import audit
from handlers.shared.wording import when_text

AUDIT_LINES = 20
ACTION_WORDS = {
    AuditAction.EXPORTED: "data link for",
    AuditAction.CHANGED: "changed details of",
    AuditAction.ERASURE_ASKED: "erasure asked by",
    AuditAction.ERASED: "erased",
    AuditAction.OPENED_CARD: "opened the card of",
    AuditAction.OPENED_HISTORY: "opened the history of",
}


async def erase(turn: Turn, rest: str) -> None:
    """The technician confirmed a customer's erasure request (the button's id names them)."""
    customer = await turn.uow.customers.get(int(rest)) if rest.isdigit() else None
    if customer is None or customer.id is None or customer.name == ERASED_NAME:
        turn.reply("That customer's data is deleted already.")
        return
    years = turn.business.privacy.invoice_years
    keys = await turn.uow.privacy.erase(customer.id, turn.clock.now(), years) or []
    await turn.files.delete(keys + [thumbnail_key(key) for key in keys])
    kept = await turn.uow.privacy.kept(customer.id)
    await audit(turn, AuditAction.ERASED, customer.id, f"{len(keys)} files; {len(kept)} kept")
    lines = [f"- {k.record}: {k.reason}" for k in kept]
    turn.reply(
        f"Customer #{customer.id}'s data is deleted ({len(keys)} files removed). "
        + ("Kept, by law:\n" + "\n".join(lines) if lines else "Nothing was kept.")
    )


async def keep(turn: Turn, rest: str) -> None:
    turn.reply(
        f"Nothing deleted for customer #{rest}. Tell them why with /say and a job reference, "
        "or press Delete their data later."
    )


async def audit_log(turn: Turn, args: str) -> None:
    """/audit: the latest entries; /audit BG-1001: those about that job's customer."""
    customer_id = None
    if args.strip():
        try:
            job = await turn.uow.jobs.by_reference(parse_job_reference(args.split()[0]))
        except InvalidReference:
            job = None
        if job is None:
            turn.reply(f"There is no job {args.split()[0]}.")
            return
        customer_id = job.customer_id
    entries = await turn.uow.privacy.audit_log(AUDIT_LINES, customer_id)
    lines = [
        f"{when_text(e.at, turn.calendar.zone)} {e.actor} {ACTION_WORDS[e.action]} "
        f"customer #{e.customer_id}" + (f" ({e.detail})" if e.detail else "")
        for e in entries
    ]
    turn.reply(
        "Who looked at or changed customers' data, newest first:\n"
        + "\n".join(lines or ["(nothing yet)"])
    )
