"""Calendar invitations for a customer's visit: one UID per job for its whole life, a higher
SEQUENCE with each change, e-mailed with the confirmation, the move and the cancellation."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from domain.appointments import Appointment, VisitMode
from domain.business import BusinessConfig
from domain.email import MailTopic
from domain.email_ports import InviteMethod, VisitInvite
from domain.jobs import Job
from domain.messages import Attachment
from handlers.kernel.turn import Turn
from handlers.shared.mail import email, email_to
from handlers.shared.wording import place, service_name, when_text

ICS = "text/calendar"


def visit_invite(
    business: BusinessConfig,
    public_url: str,
    job: Job,
    visit: Appointment,
    *,
    method: InviteMethod,
    sequence: int,
    stamp: datetime,
    attendee: str | None = None,
) -> VisitInvite:
    info = business.business
    on_site = visit.mode is VisitMode.ON_SITE
    where = place(job.address or "", visit.area) if on_site else ""
    how = "at your place" if on_site else "remotely: the technician will message you to connect"
    return VisitInvite(
        uid=f"{job.reference}@{urlsplit(public_url).hostname or 'burbgigz'}",
        sequence=sequence,
        method=method,
        summary=f"{service_name(business, job.service_code)} with {info.shown_name}",
        description=f"{job.reference}, {how}. Questions or a change: chat with us, or call "
        f"{info.phone}.",
        location=where,
        start=visit.start,
        end=visit.end,
        stamp=stamp,
        organizer_name=info.shown_name,
        organizer_email=info.email,
        attendee_email=attendee,
    )


async def email_visit(
    turn: Turn, job: Job, visit: Appointment, method: InviteMethod, headline: str
) -> bool:
    """The booking's news by e-mail with its invitation, when they get confirmations by
    e-mail; whether it went."""
    address = await email_to(turn, job.customer_id, MailTopic.CONFIRMATION)
    if address is None:
        return False
    assert job.id is not None
    sequence = await turn.uow.emails.next_invite_sequence(job.id)
    invite = visit_invite(
        turn.business, turn.public_url, job, visit,
        method=method, sequence=sequence, stamp=turn.clock.now(), attendee=address.address,
    )  # fmt: skip
    key = f"invites/{job.reference}-{sequence}.ics"
    data = turn.services.invites.ics(invite)
    await turn.files.put(key, data, ICS)
    kind = f"{ICS}; method={method}"
    attachment = Attachment(key, kind, f"{job.reference}.ics", size=len(data))
    when = when_text(visit.start, turn.calendar.zone)
    subject = {
        InviteMethod.REQUEST: f"{job.reference}: {when}",
        InviteMethod.CANCEL: f"{job.reference} cancelled",
    }[method]
    turn.outbox.append(
        email(address.address, MailTopic.CONFIRMATION, subject, headline, (attachment,))
    )
    return True
