"""The technician's /queue, /today and /week over a mix of urgent and ordinary jobs, with
visits past, coming, moved off and none at all: the order the technician reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.appointments import Appointment, VisitMode
from domain.customers import Channel, ChannelIdentity, Customer
from domain.jobs import Actor, Job, JobStatus, Priority
from storage.unit_of_work import SqlUnitOfWork
from tests.support.scene import Scene

UowFactory = Callable[[], SqlUnitOfWork]
CREATED = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def sast(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, given in Johannesburg (UTC+2)."""
    return datetime(2026, 11, day, hour - 2, minute, tzinfo=UTC)


async def add_job(
    uow: SqlUnitOfWork,
    customer_id: int,
    order: int,
    *visits: tuple[datetime, str | None],
    urgent: bool = False,
    status: JobStatus = JobStatus.SCHEDULED,
    called_off: datetime | None = None,
) -> Job:
    """A job created `order` hours after the first, with its visits (start, area; no area:
    remote) and perhaps one that was booked at `called_off` and then cancelled."""
    service = "on-site-call-out" if any(area for _, area in visits) else "remote-support"
    job = Job(customer_id=customer_id, problem=f"Problem {order}", service_code=service)
    job.priority = Priority.URGENT if urgent else Priority.NORMAL
    job.created_at = CREATED + order * HOUR
    job.open(job.created_at, Actor.CUSTOMER)
    if status is not JobStatus.REQUESTED:
        job.transition(status, at=job.created_at, actor=Actor.TECHNICIAN)
    job = await uow.jobs.add(job)
    assert job.id is not None
    if called_off is not None:
        dropped = await uow.appointments.add(
            Appointment(job.id, called_off, called_off + HOUR, VisitMode.REMOTE)
        )
        await uow.appointments.cancel(dropped, CREATED)
    for start, area in visits:
        mode = VisitMode.ON_SITE if area else VisitMode.REMOTE
        await uow.appointments.add(Appointment(job.id, start, start + HOUR, mode, area))
    return job


@pytest.fixture
async def jobs(unit_of_work: UowFactory) -> None:
    """BG-1001 … BG-1009, created in that order, for one customer."""
    requested, cancelled = JobStatus.REQUESTED, JobStatus.CANCELLED
    async with unit_of_work() as uow:
        thandi = await uow.customers.add(
            Customer(name="Thandi", identities=[ChannelIdentity(Channel.TELEGRAM, "5551")])
        )
        assert thandi.id is not None
        await add_job(uow, thandi.id, 0, status=requested)  # no visit, the oldest
        await add_job(uow, thandi.id, 1, (sast(24, 11), "Sydenham"))
        await add_job(uow, thandi.id, 2, urgent=True, status=requested)  # urgent, no visit
        await add_job(uow, thandi.id, 3, (sast(24, 14), None))
        await add_job(uow, thandi.id, 4, (sast(24, 16), "Kew"), urgent=True)
        await add_job(uow, thandi.id, 5, (sast(26, 9), "Kew"), called_off=sast(24, 12, 30))
        # yesterday's visit, still on the books
        await add_job(uow, thandi.id, 6, (sast(23, 9), None))
        await add_job(uow, thandi.id, 7, status=cancelled)  # closed: not in the queue
        await add_job(uow, thandi.id, 8, status=requested)  # no visit, the newest
        await uow.commit()


@pytest.mark.usefixtures("jobs")
async def test_the_queue_reads_urgent_then_soonest_visit_then_oldest(scene: Scene) -> None:
    technician = scene.technician()
    [queue] = await technician.send("/queue")
    order = ["BG-1005", "BG-1003", "BG-1007", "BG-1002", "BG-1004", "BG-1006", "BG-1001", "BG-1009"]
    assert [o.label for o in queue.options] == order
    lines = queue.text.splitlines()
    assert lines[0] == "Open jobs (8):"
    assert [line.split()[0] for line in lines[1:]] == order
    assert lines[1] == "BG-1005 [urgent] scheduled - On-site call-out: Problem 4"
    assert lines[3] == "BG-1007 [normal] scheduled - Remote support session: Problem 6"


@pytest.mark.usefixtures("jobs")
async def test_today_and_the_week_list_visits_in_time_order_with_their_drives(scene: Scene) -> None:
    technician = scene.technician()
    [today] = await technician.send("/today")
    tuesday = [
        "Tue 24 Nov",
        "  11:00-12:00 BG-1002 On-site call-out, Sydenham (drive 10 min)",
        "  14:00-15:00 BG-1004 Remote support session, remote",
        "  16:00-17:00 BG-1005 On-site call-out, Kew (drive 25 min)",
    ]
    assert today.text.splitlines() == tuesday
    [week] = await technician.send("/week")
    assert week.text.splitlines() == [
        *tuesday,
        "Thu 26 Nov",
        "  09:00-10:00 BG-1006 On-site call-out, Kew (drive 22 min)",
    ]
