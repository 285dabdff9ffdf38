"""A visit as the technician's calendars show it (the ICS feed, Google Calendar): what, when,
for whom and where, with no more of the customer than their first name and area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.appointments import Appointment, VisitMode
from domain.business import BusinessConfig
from domain.jobs import Job

REMOTE = "Remote"


@dataclass(frozen=True, slots=True)
class VisitEntry:
    appointment_id: int
    reference: str
    service: str
    first_name: str
    area: str | None  # None for a remote session
    start: datetime  # UTC
    end: datetime

    @property
    def uid(self) -> str:
        """The same for the visit however often it moves: calendars update it in place."""
        return f"visit-{self.appointment_id}@burbgigz"

    @property
    def summary(self) -> str:
        return f"{self.reference} {self.service} - {self.first_name}"

    @property
    def location(self) -> str:
        return self.area or REMOTE

    @property
    def description(self) -> str:
        where = f"on site in {self.area}" if self.area else "remote session"
        return f"Job {self.reference}: {self.service} for {self.first_name}, {where}."


def visit_entry(
    appointment: Appointment, job: Job, customer_name: str, business: BusinessConfig
) -> VisitEntry:
    assert appointment.id is not None, "a stored appointment"
    service = business.service(job.service_code)
    on_site = appointment.mode is VisitMode.ON_SITE
    return VisitEntry(
        appointment_id=appointment.id,
        reference=job.reference,
        service=service.name if service else job.service_code,
        first_name=first_name(customer_name),
        area=appointment.area if on_site else None,
        start=appointment.start,
        end=appointment.end,
    )


def first_name(name: str) -> str:
    return name.split()[0] if name.strip() else "customer"
