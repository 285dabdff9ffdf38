"""The web chat as a channel like the others: what customers (and the technician, in the
console) write becomes an Inbound for the dispatcher; what the outbox sends them lands in the
web mailbox and is pushed to their open pages at once."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.files.file_links import FileLinks
from bot.web.hub import Event, Hub
from domain.clean_text import MAX_OPTION, clean_inbound, clean_text
from domain.customers import Channel
from domain.messages import Attachment, Inbound, Outbound
from domain.ports import Clock, FileStore
from storage.repositories.web_messages import add_web_message, web_history, web_message

# The console's identity on the WEB channel; customers' addresses start with "c", so a
# customer's session can never be the technician.
CONSOLE_ADDRESS = "admin"
FILE_LINK_DAYS = 7
Accept = Callable[[Inbound], Awaitable[bool]]


def _alone(_address: str, _seq: int) -> None:
    """One process: nobody else to tell."""


class WebChannel:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        files: FileStore,
        links: FileLinks,
        clock: Clock,
        accept: Accept,
    ) -> None:
        self._sessions = sessions
        self._files = files
        self._links = links
        self._clock = clock
        self._accept = accept
        self.hub = Hub()
        # Told each message kept here, to tell other processes' pages (several processes).
        self.said: Callable[[str, int], None] = _alone

    # ChannelSender: the whole message is one piece; the page shows text, files and buttons.
    def pieces(self, message: Outbound) -> list[Outbound]:
        return [message]

    async def send(self, message: Outbound, *, outbox_id: int) -> str | None:
        platform_id = f"w{outbox_id}"
        payload = {"out": message.to_json(), "platform_id": platform_id}
        # Sent again after a crash: kept (and shown) once.
        to, at = message.recipient, self._clock.now()
        seq = await add_web_message(self._sessions, to, "out", payload, at, platform_id)
        if seq is not None:
            self.hub.publish(to, await self._event(seq, "out", payload))
            self.said(to, seq)
        return platform_id

    # MediaSource: web uploads are in our own file store already.
    async def fetch(self, ref: str) -> bytes:
        return await self._files.get(ref)

    async def store_upload(self, data: bytes, content_type: str) -> str:
        key = f"web-uploads/{uuid.uuid4().hex}"
        await self._files.put(key, data, content_type)
        return key

    async def receive(
        self,
        address: str,
        client_id: str,
        *,
        text: str = "",
        option: tuple[str, str] | None = None,
        reply_to: str | None = None,
        media: tuple[Attachment, ...] = (),
        client_address: str = "",
    ) -> bool:
        """Record what a web chat sent (durably, deduplicated by the page's own message id);
        False for a repeat (a page resending after a reconnect)."""
        inbound = clean_inbound(
            Inbound(
                channel=Channel.WEB,
                sender=address,
                platform_id=f"{address}/{client_id}",
                received_at=self._clock.now(),
                text=text,
                chosen_option=option[0] if option else None,
                media=media,
                reply_to=reply_to,
                client_address=client_address,
            )
        )
        shown = clean_text(option[1], MAX_OPTION) if option else inbound.text
        payload = {"text": shown, "files": [m.filename for m in inbound.media]}
        # Shown in the chat before the dispatcher can answer it, so the answer comes after.
        at = self._clock.now()
        seq = await add_web_message(self._sessions, address, "in", payload, at, client_id)
        if seq is not None:
            self.hub.publish(address, await self._event(seq, "in", payload))
            self.said(address, seq)
        return await self._accept(inbound)

    async def heard(self, address: str, seq: int) -> None:
        """Another process kept a message of this chat: pages open here are shown it."""
        if not self.hub.listening(address):
            return
        kept = await web_message(self._sessions, address, seq)
        if kept is not None:
            self.hub.publish(address, await self._event(seq, *kept))

    async def catch_up(self) -> None:
        """Other processes' messages may have been missed (the notices' connection was
        away): each open chat is sent its latest again; pages show each message once."""
        for address in self.hub.addresses():
            for event in await self.history(address):
                self.hub.publish(address, event)

    async def history(self, address: str) -> list[Event]:
        rows = await web_history(self._sessions, address)
        return [await self._event(seq, d, p) for seq, d, p in rows]

    async def _event(self, seq: int, direction: str, payload: dict[str, Any]) -> Event:
        """What a page is told of one message (files as signed links, made fresh each time);
        `seq`, its place in the chat, tells a page's history from what came after it."""
        if direction == "in":
            return {"type": "message", "seq": seq, "mine": True, "text": payload.get("text", ""),
                    "files": [{"name": n} for n in payload.get("files", [])]}  # fmt: skip
        message = Outbound.from_json(payload["out"])
        files = [
            {
                "name": a.filename or "file",
                "type": a.content_type,
                "url": await self._links.url(a, timedelta(days=FILE_LINK_DAYS)),
            }
            for a in message.attachments
        ]
        return {
            "type": "message",
            "seq": seq,
            "mine": False,
            "text": message.text,
            "options": [{"id": o.id, "label": o.label} for o in message.options],
            "files": files,
            "ref": payload["platform_id"],
            "replyable": bool(message.regarding),
        }
