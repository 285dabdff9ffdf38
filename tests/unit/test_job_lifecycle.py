"""The job status state machine: every allowed move, the forbidden ones, the timeline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InvalidTransition
from domain.jobs import OPEN_STATUSES, TRANSITIONS, Actor, Job, JobStatus

S = JobStatus
AT = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

ALLOWED = [
    (S.REQUESTED, S.SCHEDULED),
    (S.REQUESTED, S.IN_PROGRESS),
    (S.REQUESTED, S.CANCELLED),
    (S.SCHEDULED, S.SCHEDULED),
    (S.SCHEDULED, S.ON_THE_WAY),
    (S.SCHEDULED, S.IN_PROGRESS),
    (S.SCHEDULED, S.CANCELLED),
    (S.ON_THE_WAY, S.IN_PROGRESS),
    (S.ON_THE_WAY, S.SCHEDULED),
    (S.ON_THE_WAY, S.CANCELLED),
    (S.IN_PROGRESS, S.WAITING_ON_CUSTOMER),
    (S.IN_PROGRESS, S.WAITING_ON_PARTS),
    (S.IN_PROGRESS, S.COMPLETED),
    (S.WAITING_ON_CUSTOMER, S.IN_PROGRESS),
    (S.WAITING_ON_CUSTOMER, S.SCHEDULED),
    (S.WAITING_ON_CUSTOMER, S.COMPLETED),
    (S.WAITING_ON_CUSTOMER, S.CANCELLED),
    (S.WAITING_ON_PARTS, S.IN_PROGRESS),
    (S.WAITING_ON_PARTS, S.SCHEDULED),
    (S.WAITING_ON_PARTS, S.CANCELLED),
]

FORBIDDEN = [
    (S.REQUESTED, S.COMPLETED),
    (S.REQUESTED, S.ON_THE_WAY),
    (S.SCHEDULED, S.COMPLETED),
    (S.ON_THE_WAY, S.COMPLETED),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.IN_PROGRESS, S.REQUESTED),
    (S.WAITING_ON_PARTS, S.COMPLETED),
    (S.COMPLETED, S.IN_PROGRESS),
    (S.COMPLETED, S.CANCELLED),
    (S.CANCELLED, S.SCHEDULED),
    (S.CANCELLED, S.REQUESTED),
]


def job_in(status: JobStatus) -> Job:
    return Job(
        customer_id=1, problem="Laptop won't boot", service_code="remote-support", status=status
    )


def test_the_table_lists_exactly_the_allowed_moves() -> None:
    table = {(a, b) for a, nexts in TRANSITIONS.items() for b in nexts}
    assert table == set(ALLOWED)


@pytest.mark.parametrize(("start", "target"), ALLOWED, ids=lambda s: str(s))
def test_allowed_transition_moves_the_job_and_records_who_when_why(start, target) -> None:
    job = job_in(start)
    event = job.transition(target, at=AT, actor=Actor.TECHNICIAN, note="called ahead")
    assert job.status is target
    assert job.timeline[-1] == event
    assert (event.from_status, event.to_status) == (start, target)
    assert (event.actor, event.at, event.note) == (Actor.TECHNICIAN, AT, "called ahead")


@pytest.mark.parametrize(("start", "target"), FORBIDDEN, ids=lambda s: str(s))
def test_forbidden_transition_raises_and_changes_nothing(start, target) -> None:
    job = job_in(start)
    with pytest.raises(InvalidTransition) as raised:
        job.transition(target, at=AT, actor=Actor.TECHNICIAN)
    assert job.status is start
    assert job.timeline == []
    assert raised.value.allowed == job.allowed_next()
    assert f"cannot become {target}" in str(raised.value)


def test_closed_jobs_offer_no_next_status_and_say_so() -> None:
    job = job_in(S.COMPLETED)
    assert job.allowed_next() == ()
    assert not job.is_open
    with pytest.raises(InvalidTransition, match="none \\(the job is closed\\)"):
        job.transition(S.SCHEDULED, at=AT, actor=Actor.TECHNICIAN)


def test_open_statuses_are_those_with_a_way_out() -> None:
    assert OPEN_STATUSES == set(JobStatus) - {S.COMPLETED, S.CANCELLED}


def test_a_whole_visit_leaves_a_timeline_in_order() -> None:
    job = job_in(S.REQUESTED)
    job.open(AT, Actor.CUSTOMER, note="booked on WhatsApp")
    for status in (
        S.SCHEDULED,
        S.ON_THE_WAY,
        S.IN_PROGRESS,
        S.WAITING_ON_PARTS,
        S.IN_PROGRESS,
        S.COMPLETED,
    ):
        job.transition(status, at=AT, actor=Actor.TECHNICIAN)
    assert [e.to_status for e in job.timeline] == [
        S.REQUESTED,
        S.SCHEDULED,
        S.ON_THE_WAY,
        S.IN_PROGRESS,
        S.WAITING_ON_PARTS,
        S.IN_PROGRESS,
        S.COMPLETED,
    ]
    assert job.timeline[0].from_status is None
