"""Neutral message types: every channel adapter translates to and from these."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from domain.customers import Channel


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered to the reader: a button on Telegram, a numbered line on SMS."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file travelling with a message; `ref` is a file-store key or a platform file id."""

    ref: str
    content_type: str
    filename: str = ""
    caption: str = ""
    size: int = 0  # bytes as stored; 0 when not known (a platform's file not yet fetched)


# Between a file's name and why it was refused, in Inbound.refused_media; a bare name was
# refused by its channel as too large to fetch.
REASON_MARK = " | "


@dataclass(frozen=True, slots=True)
class Inbound:
    """What someone sent us, on any channel."""

    channel: Channel
    sender: str
    platform_id: str
    received_at: datetime
    text: str = ""
    chosen_option: str | None = None
    media: tuple[Attachment, ...] = ()
    sender_name: str = ""
    shared_phone: str | None = None
    reply_to: str | None = None
    # The web chat's client address (as TRUSTED_PROXY_HOPS reads it), for the limits on codes.
    client_address: str = ""
    # Files refused before handling: by the channel (too large to fetch), by name, or by our
    # intake, as "name | why".
    refused_media: tuple[str, ...] = ()

    @property
    def conversation_key(self) -> str:
        return f"{self.channel}:{self.sender}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["received_at"] = self.received_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inbound:
        return cls(
            **{
                **data,
                "channel": Channel(data["channel"]),
                "received_at": datetime.fromisoformat(data["received_at"]),
                "media": tuple(Attachment(**m) for m in data.get("media", ())),
                "refused_media": tuple(data.get("refused_media", ())),
            }
        )


@dataclass(frozen=True, slots=True)
class Outbound:
    """What we send: text, options to choose from, files."""

    channel: Channel
    recipient: str
    text: str
    options: tuple[Option, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None
    # Ask for the reader's phone number with the channel's own button (Telegram's contact button).
    request_contact: bool = False
    # The one message that may still reach someone who has just opted out: its confirmation.
    confirms_opt_out: bool = False
    # For the technician: the customer's conversation (and job) a relayed message is about, so
    # that a reply to it finds its way back. "sms:+27821234567|BG-1001".
    regarding: str | None = None
    # A one-time sign-in code the text carries: outside WhatsApp's 24-hour window it goes as
    # the approved authentication template, or by SMS, never as the general template.
    auth_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outbound:
        return cls(
            **{
                **data,
                "channel": Channel(data["channel"]),
                "options": tuple(Option(**o) for o in data.get("options", ())),
                "attachments": tuple(Attachment(**a) for a in data.get("attachments", ())),
            }
        )
