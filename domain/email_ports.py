"""The ports of e-mail and calendars: the addresses and choices kept, and the invitations
drawn. Protocols only (beside domain/ports.py, which the unit of work gathers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.email import EmailAddress, MailTopic, Route


class EmailBook(Protocol):
    async def of_customer(self, customer_id: int) -> EmailAddress | None: ...
    async def by_address(self, address: str) -> EmailAddress | None:
        """The proven one first, when several customers gave the same address."""
        ...

    async def prove(self, customer_id: int, address: str, at: datetime) -> None:
        """The address proven by its code: the customer's from now on (replacing the one
        before, which stayed in use until now)."""
        ...

    async def refuse(self, address: str, at: datetime) -> bool:
        """Mark the address refused; False if it was already."""
        ...

    async def routes(self, customer_id: int) -> dict[MailTopic, Route]:
        """Every chosen kind's route, the defaults filled in."""
        ...

    async def set_route(self, customer_id: int, topic: MailTopic, route: Route) -> None: ...
    async def unsubscribe(self, address: str, topic: MailTopic, at: datetime) -> None: ...
    async def unsubscribed(self, address: str, topic: MailTopic) -> bool: ...
    async def next_invite_sequence(self, job_id: int) -> int:
        """The SEQUENCE of the job's next invitation: 0, then one more each time."""
        ...

    async def invite_sequence(self, job_id: int) -> int:
        """The SEQUENCE of the job's last invitation (0 when none was sent)."""
        ...


class InviteMethod(StrEnum):
    REQUEST = "REQUEST"  # a new or moved visit
    CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True)
class VisitInvite:
    """One visit as a calendar sees it; `uid` stays the same for the job's whole life."""

    uid: str
    sequence: int
    method: InviteMethod
    summary: str
    description: str
    location: str
    start: datetime
    end: datetime
    stamp: datetime
    organizer_name: str
    organizer_email: str
    attendee_email: str | None = None


class InviteMaker(Protocol):
    """Draws a visit as an iCalendar (.ics) file."""

    def ics(self, invite: VisitInvite) -> bytes: ...
