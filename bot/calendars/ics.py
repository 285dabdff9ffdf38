"""Visits as iCalendar (RFC 5545): the one place a visit becomes a VEVENT, for the technician's
feed (and, later, for the customers' invitations), in the business's local time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from domain.visit_entries import VisitEntry

PRODUCT = "-//BurbGigz//Visits//EN"


def visit_event(entry: VisitEntry, zone: ZoneInfo, stamp: datetime, sequence: int = 0) -> Event:
    """The visit as an event: the same UID however often it moves (a calendar updates it in
    place), times in the business's zone with its TZID."""
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.start.astimezone(zone))
    event.add("dtend", entry.end.astimezone(zone))
    event.add("summary", entry.summary)
    event.add("location", entry.location)
    event.add("description", entry.description)
    event.add("sequence", sequence)
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
