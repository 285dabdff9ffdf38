"""The job card in the technician's chat: everything about a job at a glance, with buttons for
the statuses it may move to next."""

from __future__ import annotations

from domain.errors import InvalidReference
from domain.jobs import Job, JobStatus, parse_job_reference
from domain.messages import Option
from domain.records import NoteVisibility, total_time
from handlers.kernel.turn import Turn
from handlers.shared.wording import channel_name, service_name, when_text

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


async def find_job(turn: Turn, typed: str) -> Job | None:
    """The job a reference names; None (having said so) when there is none."""
    try:
        job = await turn.uow.jobs.by_reference(parse_job_reference(typed))
    except InvalidReference:
        job = None
    if job is None:
        turn.reply(f"There is no job {typed.strip() or '(no reference given)'}.")
    return job


async def show_card(turn: Turn, typed: str) -> None:
    job = await find_job(turn, (typed.split() or [""])[0])
    if job is not None:
        await send_card(turn, job)


async def send_card(turn: Turn, job: Job) -> None:
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
        lines.append(f"Where: {job.address}, {job.area}")
    visits = [a for a in await uow.appointments.for_job(job.id) if a.cancelled_at is None]
    if visits:
        lines.append(f"When: {when_text(visits[-1].start, zone)} ({visits[-1].mode})")
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
    turn.reply("\n".join(lines), status_options(job) + _actions(job, running))


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
