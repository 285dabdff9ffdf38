"""Everything a turn may use besides its unit of work, built once at start-up and handed to every
turn: no service is optional, so a feature cannot be switched off by a part the wiring forgot."""

from __future__ import annotations

from dataclasses import dataclass

from domain.business import BusinessConfig
from domain.customers import ChannelIdentity
from domain.ports import (
    BusyCalendar,
    ChartMaker,
    Clock,
    DocumentMaker,
    FileLinker,
    FileStore,
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
    # The technician's own calendar, whose busy times are not offered; None when no Google
    # credentials are configured.
    busy: BusyCalendar | None = None

    def __post_init__(self) -> None:
        if not self.public_url.startswith(("http://", "https://")):
            raise ServicesError(
                f"the public address must be an http(s) URL, not {self.public_url!r}: "
                "status links are made from it"
            )
