"""A local SMTP relay for the e-mail channel, a real SMTP server (aiosmtpd) on a free loopback
port, driven by the service's own aiosmtplib client.

`async with FakeSmtpRelay() as relay:` then SMTP_HOST is 127.0.0.1 and SMTP_PORT `relay.port`
(SMTP_STARTTLS false: it speaks plain SMTP). It keeps every message it accepted, parsed, in
`relay.received`; answers `550` to any address in `relay.refuse` (a mailbox that does not
exist) and `451` to any in `relay.busy` (a passing trouble)."""

from __future__ import annotations

import asyncio
import email
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.stubs.service_process import free_port

REFUSED = "550 5.1.1 No such mailbox here"
BUSY = "451 4.3.0 Mailbox busy, try again later"


@dataclass(frozen=True)
class Received:
    """One message as the relay accepted it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def to(self) -> str:
        return self.rcpt_tos[0]

    def text(self) -> str:
        part = self.message.get_body(("plain",))
        assert part is not None, "no plain-text part"
        return str(part.get_content())

    def html(self) -> str:
        part = self.message.get_body(("html",))
        assert part is not None, "no HTML part"
        return str(part.get_content())

    def attachments(self) -> list[EmailMessage]:
        return list(self.message.iter_attachments())


class _Handler:
    """aiosmtpd's hooks; they run on the relay's own thread and loop."""

    def __init__(self, relay: FakeSmtpRelay) -> None:
        self._relay = relay

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self._relay.refuse:
            return REFUSED
        if address in self._relay.busy:
            return BUSY
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = email.message_from_bytes(content, policy=default)
        assert isinstance(message, EmailMessage)
        sender = envelope.mail_from or ""
        self._relay.received.append(Received(sender, tuple(envelope.rcpt_tos), message))
        return "250 2.0.0 Queued"


class FakeSmtpRelay:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self.busy: set[str] = set()
        self.port = free_port()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    async def __aenter__(self) -> Self:
        await asyncio.to_thread(self._controller.start)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.to_thread(self._controller.stop)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]

    async def wait_for(self, address: str, count: int = 1, timeout: float = 5.0) -> list[Received]:  # noqa: ASYNC109
        """The messages to `address`, once there are `count` of them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found := self.to(address)) < count:
            if asyncio.get_running_loop().time() > deadline:
                subjects = [str(r.message["Subject"]) for r in self.received]
                raise AssertionError(
                    f"{len(found)} of {count} e-mails to {address}; got {subjects}"
                )
            await asyncio.sleep(0.02)
        return found
