"""The retention sweep: photos and screenshots go FILES_RETENTION_DAYS after their job closed;
reports and invoices stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.retention import RetentionSweep
from domain.customers import Channel
from domain.jobs import Actor, JobStatus
from domain.messages import Attachment
from domain.records import AttachmentKind
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import ADMIN, book_remote_support
from tests.support.chat import Person
from tests.support.clock import MovableClock


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
