"""Visits as iCalendar (RFC 5545): the one place a visit becomes a VEVENT, for the technician's
feed and for whatever else describes a visit the same way (a customer's invitation adds its
METHOD, STATUS, ORGANIZER and ATTENDEE to this event), in the business's local time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from domain.visit_entries import VisitEntry

PRODUCT = "-//BurbGigz//Visits//EN"


class DescribedVisit(Protocol):
    """What a VEVENT says of a visit (a `VisitEntry` is one)."""

    @property
    def uid(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...


def visit_event(visit: DescribedVisit, zone: ZoneInfo, stamp: datetime, sequence: int = 0) -> Event:
    """The visit as an event: the same UID however often it moves (a calendar updates it in
    place, the higher SEQUENCE winning), times in the business's zone with its TZID."""
    event = Event()
    event.add("uid", visit.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", visit.start.astimezone(zone))
    event.add("dtend", visit.end.astimezone(zone))
    event.add("summary", visit.summary)
    event.add("description", visit.description)
    if visit.location:
        event.add("location", visit.location)
    return event


def visits_feed(entries: Iterable[VisitEntry], zone: ZoneInfo, stamp: datetime, name: str) -> bytes:
    """A calendar of the visits, for a subscribed feed."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    for entry in entries:
        calendar.add_component(visit_event(entry, zone, stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
