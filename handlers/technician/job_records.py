"""What the technician keeps on a job: the conversation (/history), notes (/note, private or
seen by the customer), and time: a timer that the session's statuses start and stop, and
manual entries (/time BG-1001 +45m)."""

from __future__ import annotations

import re
from datetime import timedelta

from domain.jobs import Job, JobStatus
from domain.privacy import AuditAction
from domain.records import Note, NoteVisibility, TimeEntry, total_time
from handlers.kernel.turn import Turn
from handlers.shared.audit import audit
from handlers.shared.wording import when_text
from handlers.technician.job_card import find_job

VISIBLE = "visible"
_DURATION = re.compile(r"^\+?(?:(\d{1,2})h)?\s*(?:(\d{1,3})m?)?$")
# The session's statuses: work starts the timer, waiting or finishing stops it.
TIMER_STARTS = frozenset({JobStatus.IN_PROGRESS})
TIMER_STOPS = frozenset(
    {
        JobStatus.WAITING_ON_CUSTOMER,
        JobStatus.WAITING_ON_PARTS,
        JobStatus.COMPLETED,
        JobStatus.CANCELLED,
        JobStatus.SCHEDULED,
    }
)


async def history(turn: Turn, args: str) -> None:
    job = await find_job(turn, (args.split() or [""])[0])
    if job is None or job.id is None:
        return
    await audit(turn, AuditAction.OPENED_HISTORY, job.customer_id, job.reference)
    customer = await turn.uow.customers.get(job.customer_id)
    name = (customer.name if customer else "") or "Customer"
    lines = [
        f"{when_text(m.at, turn.calendar.zone)} {name if m.author == 'customer' else 'You'}: "
        f"{m.text}"
        for m in await turn.uow.records.chat(job.id)
    ]
    turn.reply(f"{job.reference} conversation:\n" + "\n".join(lines or ["(nothing yet)"]))


async def note(turn: Turn, args: str) -> None:
    """/note BG-1001 text (private), /note BG-1001 visible text (the customer sees it)."""
    reference, text = [*args.split(maxsplit=1), "", ""][:2]
    job = await find_job(turn, reference)
    if job is None or job.id is None:
        return
    first, rest = [*text.split(maxsplit=1), "", ""][:2]
    visible = first.lower() == VISIBLE
    text = rest if visible else text
    if not text.strip():
        turn.reply("Write /note BG-1001 text, or /note BG-1001 visible text for one they see.")
        return
    visibility = NoteVisibility.VISIBLE if visible else NoteVisibility.PRIVATE
    await turn.uow.records.add_note(Note(job.id, text.strip(), visibility, turn.clock.now()))
    seen = "The customer sees it under My jobs." if visible else "Only you see it."
    turn.reply(f"Noted on {job.reference}. {seen}")


async def log_time(turn: Turn, args: str) -> None:
    """/time BG-1001 +45m, +1h30m or +90: work done away from the timer."""
    reference, amount = [*args.split(maxsplit=1), "", ""][:2]
    job = await find_job(turn, reference)
    if job is None or job.id is None:
        return
    match = _DURATION.match(amount.strip().lower().replace(" ", ""))
    minutes = int(match[1] or 0) * 60 + int(match[2] or 0) if match else 0
    if not 0 < minutes <= 24 * 60:
        turn.reply(f"Write the time as /time {job.reference} +45m (or +1h30m).")
        return
    now = turn.clock.now()
    await turn.uow.records.add_time(TimeEntry(job.id, now - timedelta(minutes=minutes), now))
    turn.reply(f"Logged {minutes} min on {job.reference}. {await time_total(turn, job)}")


async def timer(turn: Turn, job: Job, *, start: bool) -> None:
    """The card's Start timer / Stop timer buttons."""
    assert job.id is not None
    running = [e for e in await turn.uow.records.time_entries(job.id) if e.running]
    now = turn.clock.now()
    if start and not running:
        await turn.uow.records.add_time(TimeEntry(job.id, now, note="timer"))
    for entry in [] if start else running:
        assert entry.id is not None
        await turn.uow.records.stop_time(entry.id, now)
    turn.reply(
        f"{job.reference}: timer {'started' if start else 'stopped'}. {await time_total(turn, job)}"
    )


async def follow_status(turn: Turn, job: Job) -> None:
    """The timer follows the session: started with the work, stopped when it waits or ends."""
    assert job.id is not None
    entries = await turn.uow.records.time_entries(job.id)
    running = [e for e in entries if e.running]
    now = turn.clock.now()
    if job.status in TIMER_STARTS and not running:
        await turn.uow.records.add_time(TimeEntry(job.id, now, note="timer"))
    elif job.status in TIMER_STOPS:
        for entry in running:
            assert entry.id is not None
            await turn.uow.records.stop_time(entry.id, now)


async def time_total(turn: Turn, job: Job) -> str:
    assert job.id is not None
    entries = list(await turn.uow.records.time_entries(job.id))
    minutes = int(total_time(entries, turn.clock.now()).total_seconds() // 60)
    running = " (timer running)" if any(e.running for e in entries) else ""
    return f"Total: {minutes} min{running}."
