"""Customers' invitations to their visits (.ics): the visit's event from `ics.visit_event`, with
the METHOD (REQUEST, or CANCEL with STATUS:CANCELLED), the organizer and the attendee; an update
keeps the UID and raises the SEQUENCE, so the customer's calendar follows the booking."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar, vCalAddress, vText

from bot.calendars.ics import PRODUCT, visit_event
from domain.email_ports import InviteMethod, VisitInvite


class IcsInvites:
    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone

    def ics(self, invite: VisitInvite) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", PRODUCT)
        calendar.add("version", "2.0")
        calendar.add("method", str(invite.method))
        event = visit_event(invite, self._zone, invite.stamp, invite.sequence)
        cancelled = invite.method is InviteMethod.CANCEL
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
