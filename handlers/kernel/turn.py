"""One turn of a conversation: the message that arrived, what the handler may use, what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from domain.business import BusinessConfig
from domain.customers import ChannelIdentity, Customer
from domain.messages import Attachment, Inbound, Option, Outbound
from domain.ports import (
    ChartMaker,
    Clock,
    DocumentMaker,
    FileLinker,
    FileStore,
    PaymentProvider,
    PowerSchedule,
    UnitOfWork,
)
from domain.slots import SlotFinder
from handlers.kernel.flow_state import FlowState
from handlers.kernel.services import Services
from handlers.kernel.stored_state import NAME, UnreadableState

OFFERED = "offered"  # state key: the options last shown, so "2" or "my jobs" can pick one
FLOW = "flow"  # state key: the open flow, if any, as its FlowState's JSON
F = TypeVar("F", bound=FlowState)


@dataclass
class Turn:
    inbound: Inbound
    uow: UnitOfWork
    services: Services
    state: dict[str, Any]
    customer: Customer | None = None
    outbox: list[Outbound] = field(default_factory=list)
    # This turn's calendar once the days off and power cuts of the moment are known.
    closed_calendar: SlotFinder | None = None
    # The caller can take a StepOut (handlers/kernel/step_out.py); this is the turn taken
    # again after its outside work.
    steps_out: bool = False
    stepped_out: bool = False

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def business(self) -> BusinessConfig:
        return self.services.business

    @property
    def admins(self) -> tuple[ChannelIdentity, ...]:
        return self.services.admins

    @property
    def calendar(self) -> SlotFinder:
        return self.closed_calendar or self.services.calendar

    @calendar.setter
    def calendar(self, calendar: SlotFinder) -> None:
        self.closed_calendar = calendar

    @property
    def power(self) -> PowerSchedule | None:
        return self.services.power

    @property
    def payments(self) -> PaymentProvider | None:
        return self.services.payments

    @property
    def files(self) -> FileStore:
        return self.services.files

    @property
    def links(self) -> FileLinker:
        return self.services.links

    @property
    def paper(self) -> DocumentMaker:
        return self.services.paper

    @property
    def charts(self) -> ChartMaker:
        return self.services.charts

    @property
    def public_url(self) -> str:
        return self.services.public_url

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

    def start_flow(self, flow: FlowState) -> None:
        """Open a flow, or keep the open one's new state."""
        self.state[FLOW] = flow.to_json()

    def end_flow(self) -> None:
        self.state.pop(FLOW, None)

    @property
    def flow_name(self) -> str | None:
        flow = self.state.get(FLOW)
        name = flow.get(NAME) if isinstance(flow, dict) else None
        return name if isinstance(name, str) else None

    def flow_as(self, kind: type[F]) -> F | None:
        """The open flow, if it is one of this kind and this version can read it."""
        flow = self.state.get(FLOW)
        if not isinstance(flow, dict) or flow.get(NAME) != kind.NAME:
            return None
        try:
            return kind.from_json(flow)
        except UnreadableState:
            return None

    def touch_flow(self) -> None:
        """The open flow, whichever it is, was used now: its idle clock starts again."""
        flow = self.state.get(FLOW)
        if isinstance(flow, dict):
            self.state[FLOW] = {**flow, **FlowState(at=self.clock.now()).to_json()}

    def flow_lapsed(self) -> bool:
        """The open flow was left longer than the business allows (or cannot be read)."""
        flow = self.state.get(FLOW)
        if not isinstance(flow, dict):
            return False
        limit = timedelta(minutes=self.business.reminders.flow_idle_timeout_minutes)
        try:
            return FlowState.from_json(flow).idle_too_long(self.clock.now(), limit)
        except UnreadableState:
            return True
