"""Everything a turn may use besides its unit of work, built once at start-up and handed to every
turn: no service is optional, so a feature cannot be switched off by a part the wiring forgot."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.business import BusinessConfig
from domain.customers import Channel, ChannelIdentity
from domain.email_ports import InviteMaker
from domain.ports import (
    BusyCalendar,
    ChartMaker,
    Clock,
    DocumentMaker,
    FileLinker,
    FileStore,
    PaymentProvider,
    PowerSchedule,
)
from domain.slots import SlotFinder


class ServicesError(ValueError):
    """The wiring handed in a service that cannot work; the message names it."""


@dataclass(frozen=True)
class Services:
    clock: Clock
    business: BusinessConfig
    # The technician's chats: alerts and admin commands.
    admins: tuple[ChannelIdentity, ...]
    calendar: SlotFinder
    files: FileStore
    links: FileLinker
    paper: DocumentMaker
    charts: ChartMaker
    # The service's public address, for links in messages (a job's live status page).
    public_url: str
    # The load-shedding schedule's source; None when none is configured (ESKOMSEPUSH_TOKEN),
    # and then only the cuts the technician sets count.
    power: PowerSchedule | None
    # Draws calendar invitations (.ics) for customers' visits.
    invites: InviteMaker
    # An SMTP relay is set: customers may give an e-mail address (MY EMAIL).
    sends_email: bool = False
    # How a code goes to a number only typed (to prove it is theirs): SMS, or WhatsApp with an
    # approved authentication template; None when neither is set up (the embedded default).
    proving_channel: Channel | None = None
    # Who makes invoices' payment links; None when no provider is configured, and then
    # invoices carry the business file's bank details alone.
    payments: PaymentProvider | None = None
    # The technician's own calendar, whose busy times are not offered; None when no Google
    # credentials are configured.
    busy: BusyCalendar | None = None
    # (customer id, channel) pairs whose privacy notice this process has seen committed: a
    # notice once given stays given (an erased customer's next message is a new customer), so
    # later messages skip the lookup.
    noticed: set[tuple[int, Channel]] = field(default_factory=set, compare=False)

    def __post_init__(self) -> None:
        if not self.public_url.startswith(("http://", "https://")):
            raise ServicesError(
                f"the public address must be an http(s) URL, not {self.public_url!r}: "
                "status links are made from it"
            )
