"""Visits as iCalendar files (RFC 5545) with icalendar: local times with their VTIMEZONE, so a
calendar shows the visit at the hour it was booked for; an update keeps the UID and raises the
SEQUENCE; a cancellation is METHOD:CANCEL with STATUS:CANCELLED."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from domain.email_ports import InviteMethod, VisitInvite

PRODUCT = "-//BurbGigz//Visits//EN"


class IcsInvites:
    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone

    def ics(self, invite: VisitInvite) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", PRODUCT)
        calendar.add("version", "2.0")
        calendar.add("method", str(invite.method))
        cancelled = invite.method is InviteMethod.CANCEL
        event = Event()
        event.add("uid", invite.uid)
        event.add("sequence", invite.sequence)
        event.add("dtstamp", invite.stamp)
        event.add("dtstart", invite.start.astimezone(self._zone))
        event.add("dtend", invite.end.astimezone(self._zone))
        event.add("summary", invite.summary)
        event.add("description", invite.description)
        if invite.location:
            event.add("location", invite.location)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{invite.organizer_email}")
        organizer.params["cn"] = vText(invite.organizer_name)
        event.add("organizer", organizer)
        if invite.attendee_email:
            attendee = vCalAddress(f"mailto:{invite.attendee_email}")
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("ACCEPTED")
            event.add("attendee", attendee)
        calendar.add_component(event)
        calendar.add_missing_timezones()
        data: bytes = calendar.to_ical()
        return data
