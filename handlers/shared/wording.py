"""How things are said to customers, in plain words."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from domain.appointments import VisitMode
from domain.business import BusinessConfig
from domain.customers import Channel, Customer
from domain.jobs import Job, JobStatus
from domain.messages import REASON_MARK, Inbound

CHANNEL_NAMES = {
    Channel.TELEGRAM: "Telegram",
    Channel.WHATSAPP: "WhatsApp",
    Channel.SMS: "SMS",
    Channel.WEB: "the web chat",
    Channel.EMAIL: "e-mail",
}
# The portal's pages act as the customer's turn on the web channel, from this address (neither
# a web chat session nor the console), so what they tell the technician says "the portal".
PORTAL_SENDER = "portal"

STATUS_WORDS = {
    JobStatus.REQUESTED: "received, we'll confirm a time with you",
    JobStatus.SCHEDULED: "scheduled",
    JobStatus.ON_THE_WAY: "technician on the way",
    JobStatus.IN_PROGRESS: "being worked on",
    JobStatus.WAITING_ON_CUSTOMER: "waiting for you",
    JobStatus.WAITING_ON_PARTS: "waiting for parts",
    JobStatus.COMPLETED: "completed",
    JobStatus.CANCELLED: "cancelled",
}

# In a timeline the first entry is only that the request came in: a time may follow at once.
TIMELINE_WORDS = STATUS_WORDS | {JobStatus.REQUESTED: "request received"}
VISIT_WORDS = {VisitMode.REMOTE: "remote", VisitMode.ON_SITE: "on site"}


def shortened(text: str, limit: int) -> str:
    """At most `limit` characters, cut between words, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"


def place(address: str, area: str | None) -> str:
    """ "12 Main Road, Sydenham"; the area only once, when the address already names it."""
    if not area or area.lower() in address.lower():
        return address
    return f"{address}, {area}"


def service_name(business: BusinessConfig, code: str) -> str:
    service = business.service(code)
    return service.name if service else code


def job_line(business: BusinessConfig, job: Job) -> str:
    return (
        f"{job.reference} - {service_name(business, job.service_code)}: {STATUS_WORDS[job.status]}"
    )


def channel_name(channel: Channel) -> str:
    return CHANNEL_NAMES[channel]


def who(customer: Customer, channel: Channel, *, where: str = "") -> str:
    """A customer as the technician sees them: name, channel (or `where`), phone."""
    phone = f", {customer.phone}" if customer.phone else ""
    return f"{customer.name or 'A customer'} ({where or channel_name(channel)}{phone})"


def who_wrote(customer: Customer, inbound: Inbound) -> str:
    """`who`, saying "from the portal" for what the customer did on the portal's pages."""
    portal = inbound.channel is Channel.WEB and inbound.sender == PORTAL_SENDER
    return who(customer, inbound.channel, where="from the portal" if portal else "")


def day_text(day: date) -> str:
    """Thu 26 Nov"""
    return f"{day:%a} {day.day} {day:%b}"


def when_text(moment: datetime, zone: tzinfo) -> str:
    """Thu 26 Nov, 10:00 — in the business time zone."""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())}, {local:%H:%M}"


HINT = " (Type BACK to go back, or MENU to stop.)"


def hint(text: str) -> str:
    """An answer that could not be taken: say how to go on, or get out."""
    return text + HINT


def refusals(refused: tuple[str, ...]) -> str:
    """ "notes.jpg is not a picture I can open; backup.zip is too large for me to receive" """
    parts = []
    for entry in refused:
        name, _, reason = entry.partition(REASON_MARK)
        parts.append(f"{name} {reason or 'is too large for me to receive'}")
    return "; ".join(parts)
