"""What gathers on a job: chat lines, notes, time entries and stored files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.customers import Channel
from domain.jobs import Actor
from domain.records import (
    AttachmentKind,
    ChatMessage,
    Note,
    NoteVisibility,
    StoredFile,
    TimeEntry,
)
from storage.repositories import milestones
from storage.tables import AttachmentRow, ChatMessageRow, NoteRow, TimeEntryRow


class SqlJobRecordRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _insert(self, row: ChatMessageRow | NoteRow | TimeEntryRow | AttachmentRow) -> int:
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def add_chat(self, message: ChatMessage) -> ChatMessage:
        row_id = await self._insert(
            ChatMessageRow(
                job_id=message.job_id,
                author=message.author,
                channel=message.channel,
                text=message.text,
                at=message.at,
            )
        )
        if message.author == Actor.TECHNICIAN:
            await milestones.answered(self._session, message.job_id, message.at)
        return replace(message, id=row_id)

    async def chat(self, job_id: int) -> Sequence[ChatMessage]:
        rows = await self._session.scalars(
            select(ChatMessageRow)
            .where(ChatMessageRow.job_id == job_id)
            .order_by(ChatMessageRow.id)
        )
        return [
            ChatMessage(
                id=r.id,
                job_id=r.job_id,
                author=Actor(r.author),
                channel=Channel(r.channel) if r.channel else None,
                text=r.text,
                at=r.at,
            )
            for r in rows
        ]

    async def add_note(self, note: Note) -> Note:
        row_id = await self._insert(
            NoteRow(job_id=note.job_id, text=note.text, visibility=note.visibility, at=note.at)
        )
        return replace(note, id=row_id)

    async def notes(self, job_id: int) -> Sequence[Note]:
        rows = await self._session.scalars(
            select(NoteRow).where(NoteRow.job_id == job_id).order_by(NoteRow.id)
        )
        return [
            Note(
                id=r.id,
                job_id=r.job_id,
                text=r.text,
                visibility=NoteVisibility(r.visibility),
                at=r.at,
            )
            for r in rows
        ]

    async def add_time(self, entry: TimeEntry) -> TimeEntry:
        row_id = await self._insert(
            TimeEntryRow(
                job_id=entry.job_id, start_at=entry.start, end_at=entry.end, note=entry.note
            )
        )
        return replace(entry, id=row_id)

    async def stop_time(self, entry_id: int, end: datetime) -> None:
        await self._session.execute(
            update(TimeEntryRow)
            .where(TimeEntryRow.id == entry_id, TimeEntryRow.end_at.is_(None))
            .values(end_at=end)
        )

    async def time_entries(self, job_id: int) -> Sequence[TimeEntry]:
        rows = await self._session.scalars(
            select(TimeEntryRow).where(TimeEntryRow.job_id == job_id).order_by(TimeEntryRow.id)
        )
        return [
            TimeEntry(id=r.id, job_id=r.job_id, start=r.start_at, end=r.end_at, note=r.note)
            for r in rows
        ]

    async def add_file(self, stored: StoredFile) -> StoredFile:
        row_id = await self._insert(
            AttachmentRow(
                job_id=stored.job_id,
                kind=stored.kind,
                key=stored.key,
                content_type=stored.content_type,
                size=stored.size,
                filename=stored.filename,
                visible_to_customer=stored.visible_to_customer,
                at=stored.at,
            )
        )
        await milestones.file_added(self._session, row_id, stored.job_id)
        return replace(stored, id=row_id)

    async def files(self, job_id: int) -> Sequence[StoredFile]:
        rows = await self._session.scalars(
            select(AttachmentRow).where(AttachmentRow.job_id == job_id).order_by(AttachmentRow.id)
        )
        return [
            StoredFile(
                id=r.id,
                job_id=r.job_id,
                kind=AttachmentKind(r.kind),
                key=r.key,
                content_type=r.content_type,
                size=r.size,
                filename=r.filename,
                at=r.at,
                visible_to_customer=r.visible_to_customer,
            )
            for r in rows
        ]
