"""Jobs, their human references and the status lifecycle as an explicit transition table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import InvalidReference, InvalidTransition


class JobStatus(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    ON_THE_WAY = "on_the_way"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    WAITING_ON_PARTS = "waiting_on_parts"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = JobStatus
# Every allowed move; anything else is refused. Completed and cancelled are final.
TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    S.REQUESTED: frozenset({S.SCHEDULED, S.IN_PROGRESS, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.ON_THE_WAY, S.IN_PROGRESS, S.CANCELLED}),
    S.ON_THE_WAY: frozenset({S.IN_PROGRESS, S.SCHEDULED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.WAITING_ON_CUSTOMER, S.WAITING_ON_PARTS, S.COMPLETED}),
    S.WAITING_ON_CUSTOMER: frozenset({S.IN_PROGRESS, S.SCHEDULED, S.COMPLETED, S.CANCELLED}),
    S.WAITING_ON_PARTS: frozenset({S.IN_PROGRESS, S.SCHEDULED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
OPEN_STATUSES = frozenset(s for s, nexts in TRANSITIONS.items() if nexts)


class Priority(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """Smaller sorts first in the technician's queue."""
        return list(Priority).index(self)


class Actor(StrEnum):
    CUSTOMER = "customer"
    TECHNICIAN = "technician"


_REFERENCE = re.compile(r"^\s*BG[-\s]?(\d{4,})\s*$", re.IGNORECASE)


def job_reference(number: int) -> str:
    return f"BG-{number}"


def parse_job_reference(text: str) -> str:
    """'bg 1004', 'BG-1004' → 'BG-1004'; anything else raises InvalidReference."""
    match = _REFERENCE.match(text)
    if not match:
        raise InvalidReference(f"{text!r} is not a job reference like BG-1001")
    return job_reference(int(match.group(1)))


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One step of a job's life: who moved it, when, from where to where, and why."""

    at: datetime
    actor: Actor
    from_status: JobStatus | None
    to_status: JobStatus
    note: str = ""


@dataclass(slots=True)
class Job:
    customer_id: int
    problem: str
    service_code: str
    reference: str = ""
    status: JobStatus = JobStatus.REQUESTED
    priority: Priority = Priority.NORMAL
    area: str | None = None
    address: str | None = None
    created_at: datetime | None = None
    timeline: list[TimelineEvent] = field(default_factory=list)
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next(self) -> tuple[JobStatus, ...]:
        return tuple(s for s in JobStatus if s in TRANSITIONS[self.status])

    def open(self, at: datetime, actor: Actor, note: str = "") -> TimelineEvent:
        """The first timeline entry of a new job."""
        event = TimelineEvent(
            at=at, actor=actor, from_status=None, to_status=self.status, note=note
        )
        self.timeline.append(event)
        return event

    def transition(
        self, to: JobStatus, *, at: datetime, actor: Actor, note: str = ""
    ) -> TimelineEvent:
        if to not in TRANSITIONS[self.status]:
            raise InvalidTransition(self.status, to, self.allowed_next())
        event = TimelineEvent(at=at, actor=actor, from_status=self.status, to_status=to, note=note)
        self.status = to
        self.timeline.append(event)
        return event
