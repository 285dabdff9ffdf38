"""The job card: everything about a job at a glance, with buttons for the statuses it may move
to next. The technician asks for it (/job, /queue); a new booking arrives as one."""

from __future__ import annotations

from domain.jobs import Job, JobStatus
from domain.messages import Option
from domain.records import NoteVisibility, total_time
from handlers.kernel.turn import Turn
from handlers.shared.wording import VISIT_WORDS, channel_name, place, service_name, when_text

CARD = "card."  # "card.BG-1001": show that job's card
STATUS = "status."  # "status.BG-1001.on_the_way": move it on
ACTION = "job_action."  # "job_action.BG-1001.timer_start" and the like
BUTTONS = {
    JobStatus.SCHEDULED: "Back to scheduled",
    JobStatus.ON_THE_WAY: "On my way",
    JobStatus.IN_PROGRESS: "Start",
    JobStatus.WAITING_ON_CUSTOMER: "Waiting on customer",
    JobStatus.WAITING_ON_PARTS: "Waiting on parts",
    JobStatus.COMPLETED: "Completed",
    JobStatus.CANCELLED: "Cancel job",
}


async def job_card(turn: Turn, job: Job) -> tuple[str, tuple[Option, ...]]:
    """The card's text and its buttons."""
    assert job.id is not None
    uow, zone, now = turn.uow, turn.calendar.zone, turn.clock.now()
    customer = await uow.customers.get(job.customer_id)
    assert customer is not None
    lines = [
        f"{job.reference} - {service_name(turn.business, job.service_code)} [{job.priority}]",
        f"Customer: {customer.name or 'no name'}"
        + "".join(f", {channel_name(i.channel)}" for i in customer.identities)
        + (f", {customer.phone}" if customer.phone else ""),
        f"Problem: {job.problem}",
    ]
    if job.address:
        lines.append(f"Where: {place(job.address, job.area)}")
    visits = [a for a in await uow.appointments.for_job(job.id) if a.cancelled_at is None]
    if visits:
        visit = visits[-1]
        lines.append(f"When: {when_text(visit.start, zone)} ({VISIT_WORDS[visit.mode]})")
    lines.append(f"Status: {job.status}")
    lines += [
        f"  {when_text(event.at, zone)} {event.to_status}"
        + (f" - {event.note}" if event.note else "")
        for event in job.timeline[-5:]
    ]
    for note in await uow.records.notes(job.id):
        seen = "" if note.visibility is NoteVisibility.PRIVATE else " (customer sees it)"
        lines.append(f"Note{seen}: {note.text}")
    entries = list(await uow.records.time_entries(job.id))
    worked = total_time(entries, now)
    running = any(e.running for e in entries)
    if worked or running:
        timer = " (timer running)" if running else ""
        lines.append(f"Time logged: {int(worked.total_seconds() // 60)} min{timer}")
    files = await uow.records.files(job.id)
    if files:
        lines.append(f"Files: {len(files)}")
    return "\n".join(lines), status_options(job) + _actions(job, running)


def _actions(job: Job, timer_running: bool) -> tuple[Option, ...]:
    if not job.is_open:
        return ()
    timer = ("timer_stop", "Stop timer") if timer_running else ("timer_start", "Start timer")
    actions = [timer] + ([("urgent", "Mark urgent")] if job.priority != "urgent" else [])
    return tuple(Option(f"{ACTION}{job.reference}.{name}", label) for name, label in actions)


def status_options(job: Job) -> tuple[Option, ...]:
    return tuple(
        Option(f"{STATUS}{job.reference}.{status}", BUTTONS[status])
        for status in job.allowed_next()
        if status is not job.status
    )
