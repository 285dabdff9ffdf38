"""What a job gathers while it is worked on: chat, notes, time, attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.customers import Channel
from domain.errors import DomainError
from domain.jobs import Actor


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One line of the conversation about a job, from either side."""

    job_id: int
    author: Actor
    text: str
    at: datetime
    channel: Channel | None = None
    id: int | None = None


class NoteVisibility(StrEnum):
    PRIVATE = "private"
    VISIBLE = "visible"


@dataclass(frozen=True, slots=True)
class Note:
    job_id: int
    text: str
    visibility: NoteVisibility
    at: datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class TimeEntry:
    """Work time on a job: a running timer has no end yet."""

    job_id: int
    start: datetime
    end: datetime | None = None
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise DomainError("a time entry cannot end before it starts")

    @property
    def running(self) -> bool:
        return self.end is None

    def duration(self, now: datetime) -> timedelta:
        return (self.end or now) - self.start


def total_time(entries: list[TimeEntry], now: datetime) -> timedelta:
    return sum((e.duration(now) for e in entries), timedelta())


class AttachmentKind(StrEnum):
    SCREENSHOT = "screenshot"
    BEFORE = "before"
    AFTER = "after"
    REPORT = "report"
    INVOICE = "invoice"
    CUSTOMER_UPLOAD = "customer_upload"
    BEFORE_AFTER = "before_after"  # the two photos side by side


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file kept for a job; `key` locates it in the file store."""

    job_id: int
    kind: AttachmentKind
    key: str
    content_type: str
    size: int
    filename: str
    at: datetime
    visible_to_customer: bool = True
    id: int | None = None


def thumbnail_key(key: str) -> str:
    """Where a stored picture's thumbnail lives, beside it."""
    stem = key.rsplit("/", 1)[-1]
    folder = key[: len(key) - len(stem)]
    return f"{folder}{stem.rsplit('.', 1)[0]}.thumb.jpg"
