"""One turn of a conversation: the message that arrived, what the handler may use, what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.business import BusinessConfig
from domain.customers import ChannelIdentity, Customer
from domain.messages import Attachment, Inbound, Option, Outbound
from domain.ports import ChartMaker, Clock, DocumentMaker, FileLinker, FileStore, UnitOfWork
from domain.slots import SlotFinder

OFFERED = "offered"  # state key: the options last shown, so "2" or "my jobs" can pick one
FLOW = "flow"  # state key: the open flow, if any


@dataclass
class Turn:
    inbound: Inbound
    uow: UnitOfWork
    clock: Clock
    business: BusinessConfig
    admins: tuple[ChannelIdentity, ...]
    state: dict[str, Any]
    calendar: SlotFinder
    customer: Customer | None = None
    outbox: list[Outbound] = field(default_factory=list)
    # Files and documents, for the handlers that work with them (None where not wired).
    files: FileStore | None = None
    links: FileLinker | None = None
    paper: DocumentMaker | None = None
    charts: ChartMaker | None = None
    # The service's public address, for links in messages (a job's live status page).
    public_url: str = ""

    @property
    def is_admin(self) -> bool:
        return any(
            a.channel == self.inbound.channel and a.address == self.inbound.sender
            for a in self.admins
        )

    @property
    def me(self) -> Customer:
        """The customer writing; the router identifies them before any customer handler runs."""
        assert self.customer is not None, "customer handlers run after identification"
        return self.customer

    def reply(
        self,
        text: str,
        options: tuple[Option, ...] = (),
        *,
        attachments: tuple[Attachment, ...] = (),
    ) -> None:
        self.outbox.append(
            Outbound(
                self.inbound.channel,
                self.inbound.sender,
                text,
                options=options,
                attachments=attachments,
            )
        )
        self.state[OFFERED] = [[o.id, o.label] for o in options]

    def ask_phone(self, text: str) -> None:
        """Ask for the phone number with the channel's contact button; offered options stay."""
        self.outbox.append(
            Outbound(self.inbound.channel, self.inbound.sender, text, request_contact=True)
        )

    def tell_admins(
        self,
        text: str,
        attachments: tuple[Attachment, ...] = (),
        options: tuple[Option, ...] = (),
        regarding: str | None = None,
    ) -> None:
        for admin in self.admins:
            self.outbox.append(
                Outbound(
                    admin.channel,
                    admin.address,
                    text,
                    options,
                    attachments=attachments,
                    regarding=regarding,
                )
            )

    def offered(self) -> list[Option]:
        return [Option(id, label) for id, label in self.state.get(OFFERED, [])]

    def start_flow(self, name: str, **data: Any) -> None:
        self.state[FLOW] = {"name": name, **data}

    def end_flow(self) -> None:
        self.state.pop(FLOW, None)

    @property
    def flow(self) -> dict[str, Any] | None:
        flow = self.state.get(FLOW)
        return flow if isinstance(flow, dict) else None
