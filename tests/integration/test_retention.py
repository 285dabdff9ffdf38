"""The retention sweep: photos and screenshots go FILES_RETENTION_DAYS after their job closed;
reports and invoices stay."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.scheduled.retention import RetentionSweep
from domain.customers import Channel
from domain.jobs import Actor, JobStatus
from domain.messages import Attachment
from domain.records import AttachmentKind, StoredFile
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from storage.unit_of_work import SqlUnitOfWork
from tests.support.bookings import book_remote_support
from tests.support.chat import Person
from tests.support.clock import MovableClock
from tests.support.scene import ADMIN


async def test_old_photos_go_and_the_invoice_stays(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    engine: AsyncEngine,
    clock: MovableClock,
    tmp_path: Path,
) -> None:
    customer = person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(customer, "Printer offline")
    open_job = await book_remote_support(person(Channel.SMS, "+27821234568"), "Router")
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    for ref in (reference, open_job):
        await technician.send(f"{ref} after", media=(Attachment("after.jpg", "image/jpeg"),))
    [draft] = await technician.send(f"/invoice {reference}")
    await technician.send(option=draft.options[0].id)
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        for status in (JobStatus.IN_PROGRESS, JobStatus.COMPLETED):
            job.transition(status, at=clock.now(), actor=Actor.TECHNICIAN)
        await uow.jobs.save(job)
        await uow.commit()
        files = await uow.records.files(job.id)
    photo = next(f for f in files if f.kind is AttachmentKind.AFTER)
    store = LocalFileStore(tmp_path)
    sweep = RetentionSweep(create_sessionmaker(engine), store, clock, timedelta(days=90))

    clock.advance(days=89)
    assert await sweep.run() == 0
    clock.advance(days=2)
    assert await sweep.run() == 1

    assert not await store.exists(photo.key)
    assert not (tmp_path / photo.key.replace(".jpg", ".thumb.jpg")).exists()
    async with unit_of_work() as uow:
        kept = await uow.records.files(job.id)
        still_open = await uow.jobs.by_reference(open_job)
        assert still_open is not None and still_open.id is not None
        open_files = await uow.records.files(still_open.id)
    assert [f.kind for f in kept] == [AttachmentKind.INVOICE]
    assert await store.exists(kept[0].key)
    assert [f.kind for f in open_files] == [AttachmentKind.AFTER]  # its job is still open
    assert await sweep.run() == 0


async def test_a_customers_own_documents_stay_and_two_sweeps_at_once_do_no_harm(
    person: Callable[..., Person],
    unit_of_work: Callable[[], SqlUnitOfWork],
    engine: AsyncEngine,
    clock: MovableClock,
    tmp_path: Path,
) -> None:
    reference = await book_remote_support(person(Channel.SMS, "+27821234567"), "Printer")
    store = LocalFileStore(tmp_path)
    uploads = [
        ("inbound/9/0-quote.pdf", "application/pdf", "quote.pdf"),
        ("inbound/9/1-setup.txt", "text/plain; charset=utf-8", "setup.txt"),
        ("inbound/9/2-error.png", "image/png", "error.png"),
    ]
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        for key, content_type, name in uploads:
            await store.put(key, b"sent by the customer", content_type)
            await uow.records.add_file(
                StoredFile(job.id, AttachmentKind.CUSTOMER_UPLOAD, key, content_type, 20, name,
                           clock.now())
            )  # fmt: skip
        job.transition(JobStatus.CANCELLED, at=clock.now(), actor=Actor.TECHNICIAN)
        await uow.jobs.save(job)
        await uow.commit()
    sessions = create_sessionmaker(engine)
    sweeps = [RetentionSweep(sessions, store, clock, timedelta(days=90)) for _ in range(2)]

    clock.advance(days=91)
    await asyncio.gather(*(sweep.run() for sweep in sweeps))  # two processes at once

    async with unit_of_work() as uow:
        kept = await uow.records.files(job.id)
    assert sorted(f.filename for f in kept) == ["quote.pdf", "setup.txt"]
    assert [await store.exists(key) for key, _, _ in uploads] == [True, True, False]
