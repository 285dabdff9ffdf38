"""A visit as a Google Calendar event (the API's JSON): local times with their zone, and the
visit's number in a private property, so an event in the calendar can be traced back."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from domain.visit_entries import VisitEntry


def google_event(entry: VisitEntry, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "summary": entry.summary,
        "description": entry.description,
        "location": entry.location,
        "status": "confirmed",  # brings back an event deleted by hand, when the visit moves
        "start": {"dateTime": entry.start.astimezone(zone).isoformat(), "timeZone": zone.key},
        "end": {"dateTime": entry.end.astimezone(zone).isoformat(), "timeZone": zone.key},
        "extendedProperties": {"private": {"burbgigzVisit": str(entry.appointment_id)}},
    }
