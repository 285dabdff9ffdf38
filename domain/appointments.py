"""Appointments: when a job happens, and whether remotely or at the customer's place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.errors import DomainError


class VisitMode(StrEnum):
    REMOTE = "remote"
    ON_SITE = "on_site"


@dataclass(slots=True)
class Appointment:
    job_id: int
    start: datetime
    end: datetime
    mode: VisitMode
    area: str | None = None
    id: int | None = None
    reschedules: int = 0  # times the customer moved it
    cancelled_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise DomainError("appointment times must carry a time zone")
        if self.end <= self.start:
            raise DomainError("an appointment must end after it starts")
        if self.mode is VisitMode.ON_SITE and not self.area:
            raise DomainError("an on-site appointment needs the service area")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Appointment) -> bool:
        return self.start < other.end and other.start < self.end


class ChangeKind(StrEnum):
    MOVE = "move"
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A late move or cancellation waiting for the technician's yes or no."""

    job_id: int
    appointment_id: int
    kind: ChangeKind
    asked_at: datetime
    start: datetime | None = None  # the new time, for a move
    id: int | None = None
