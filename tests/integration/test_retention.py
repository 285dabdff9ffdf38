"""The retention sweep: photos and screenshots go FILES_RETENTION_DAYS after their job closed;
reports and invoices stay."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.scheduled.retention import RetentionSweep
from domain.customers import Channel
from domain.jobs import Actor, JobStatus
from domain.messages import Attachment
from domain.records import AttachmentKind, StoredFile
from storage.database import create_sessionmaker
from storage.files import LocalFileStore
from tests.support.bookings import book_remote_support
from tests.support.business import with_real_bank_details
from tests.support.scene import Scene


@with_real_bank_details
async def test_old_photos_go_and_the_invoice_stays(scene: Scene) -> None:
    customer = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(customer, "Printer offline")
    open_job = await book_remote_support(scene.person(Channel.SMS, "+27821234568"), "Router")
    technician = scene.technician()
    for ref in (reference, open_job):
        await technician.send(f"{ref} after", media=(Attachment("after.jpg", "image/jpeg"),))
    [draft] = await technician.send(f"/invoice {reference}")
    await technician.send(option=draft.options[0].id)
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        for status in (JobStatus.IN_PROGRESS, JobStatus.COMPLETED):
            job.transition(status, at=scene.clock.now(), actor=Actor.TECHNICIAN)
        await uow.jobs.save(job)
        await uow.commit()
        files = await uow.records.files(job.id)
    photo = next(f for f in files if f.kind is AttachmentKind.AFTER)
    store = LocalFileStore(scene.files)
    sweep = RetentionSweep(
        create_sessionmaker(scene.engine), store, scene.clock, timedelta(days=90)
    )

    scene.clock.advance(days=89)
    assert await sweep.run() == 0
    scene.clock.advance(days=2)
    assert await sweep.run() == 1

    assert not await store.exists(photo.key)
    assert not (scene.files / photo.key.replace(".jpg", ".thumb.jpg")).exists()
    async with scene.unit_of_work() as uow:
        kept = await uow.records.files(job.id)
        still_open = await uow.jobs.by_reference(open_job)
        assert still_open is not None and still_open.id is not None
        open_files = await uow.records.files(still_open.id)
    assert [f.kind for f in kept] == [AttachmentKind.INVOICE]
    assert await store.exists(kept[0].key)
    assert [f.kind for f in open_files] == [AttachmentKind.AFTER]  # its job is still open
    assert await sweep.run() == 0


async def test_a_customers_own_documents_stay_and_two_sweeps_at_once_do_no_harm(
    scene: Scene,
) -> None:
    reference = await book_remote_support(scene.person(Channel.SMS, "+27821234567"), "Printer")
    store = LocalFileStore(scene.files)
    uploads = [
        ("inbound/9/0-quote.pdf", "application/pdf", "quote.pdf"),
        ("inbound/9/1-setup.txt", "text/plain; charset=utf-8", "setup.txt"),
        ("inbound/9/2-error.png", "image/png", "error.png"),
    ]
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        for key, content_type, name in uploads:
            await store.put(key, b"sent by the customer", content_type)
            await uow.records.add_file(
                StoredFile(job.id, AttachmentKind.CUSTOMER_UPLOAD, key, content_type, 20, name,
                           scene.clock.now())
            )  # fmt: skip
        job.transition(JobStatus.CANCELLED, at=scene.clock.now(), actor=Actor.TECHNICIAN)
        await uow.jobs.save(job)
        await uow.commit()
    sessions = create_sessionmaker(scene.engine)
    sweeps = [RetentionSweep(sessions, store, scene.clock, timedelta(days=90)) for _ in range(2)]

    scene.clock.advance(days=91)
    await asyncio.gather(*(sweep.run() for sweep in sweeps))  # two processes at once

    async with scene.unit_of_work() as uow:
        kept = await uow.records.files(job.id)
    assert sorted(f.filename for f in kept) == ["quote.pdf", "setup.txt"]
    assert [await store.exists(key) for key, _, _ in uploads] == [True, True, False]


async def test_a_photo_kept_after_its_job_closed_goes_with_its_other_photos(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(Channel.SMS, "+27821234567"), "Printer")
    technician = scene.technician()
    await technician.send(f"{reference} before", media=(Attachment("before.jpg", "image/jpeg"),))
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        for status in (JobStatus.IN_PROGRESS, JobStatus.COMPLETED):
            job.transition(status, at=scene.clock.now(), actor=Actor.TECHNICIAN)
        await uow.jobs.save(job)
        await uow.commit()
    scene.clock.advance(days=3)
    await technician.send(f"{reference} after", media=(Attachment("after.jpg", "image/jpeg"),))
    sweep = RetentionSweep(
        create_sessionmaker(scene.engine), LocalFileStore(scene.files), scene.clock,
        timedelta(days=90),
    )  # fmt: skip
    scene.clock.advance(days=86)  # 89 days after the closing
    assert await sweep.run() == 0
    scene.clock.advance(days=2)
    assert await sweep.run() == 3  # before, after and the two side by side: from the closing
    async with scene.unit_of_work() as uow:
        assert await uow.records.files(job.id) == []
