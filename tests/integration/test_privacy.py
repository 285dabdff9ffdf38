"""Privacy on both databases: an erasure leaves nothing of the customer outside the kept tax
invoices, check-ups go only to customers who said yes, opening a card is audited."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import update

from bot.scheduled.retention import RetentionSweep
from domain.customers import Channel
from domain.messages import Attachment
from domain.privacy import AuditAction, PrivacyTerms
from storage.files import LocalFileStore
from storage.tables import OutboxRow
from tests.support.bookings import book_remote_support
from tests.support.business import with_real_bank_details
from tests.support.chat import Person
from tests.support.follow_ups import complete, sast
from tests.support.privacy import rows_mentioning, stored_files
from tests.support.scene import Scene

NUMBER = "+27821234567"
DAY = timedelta(days=1)
ADDRESS = "12 Acacia Road"
PERSONAL = ("Thandi", "Mokoena", NUMBER, "27821234567", "082 123 4567", ADDRESS, "Acacia")


async def a_customer_with_everything(scene: Scene, sms: Person) -> str:
    """A job with an address, photos both ways, notes, a chat, an issued invoice, a rating."""
    reference = await book_remote_support(sms, "Printer offline at Thandi's home")
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None
        job.address = ADDRESS
        await uow.jobs.save(job)
        await uow.commit()
    await sms.send("talk")
    await sms.send("here is the error, Thandi here", media=(Attachment("err.jpg", "image/jpeg"),))
    await sms.send("menu")
    technician = scene.technician()
    await technician.send(f"{reference} before", media=(Attachment("b.jpg", "image/jpeg"),))
    await technician.send(f"/note {reference} visible Thandi, use the blue cable")
    await technician.send(f"/note {reference} Mokoena's password is on a sticky note")
    await technician.send(f"/say {reference} Hi Thandi, on my way to {ADDRESS}")
    [draft] = await technician.send(f"/invoice {reference}")
    await technician.send(option=draft.options[0].id)
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    await scene.fired_at(sast(24, 15))  # the survey
    await sms.send("5 thanks, Thandi")
    return reference


@with_real_bank_details
async def test_an_erasure_leaves_only_the_tax_invoice_with_its_reason(scene: Scene) -> None:
    sipho = scene.person(address="7001", name="Sipho Dlamini")
    other = await book_remote_support(sipho, "Laptop slow")
    sms = scene.person(Channel.SMS, NUMBER, name="")
    reference = await a_customer_with_everything(scene, sms)
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        theirs = {str(f.kind): f.key for f in await uow.records.files(job.id)}
    assert set(theirs) == {"customer_upload", "before", "invoice"}
    assert set(theirs.values()) <= stored_files(scene.files)
    await sms.send("DELETE MY DATA")
    await sms.send("1")
    [alert] = [m for m in sms.others if "asks to have their data deleted" in m.text]
    [done] = await scene.technician().send(option=alert.options[0].id)

    assert "data is deleted" in done.text and "invoice 1: tax invoice" in done.text
    left_over = await rows_mentioning(scene.engine, *PERSONAL)
    assert left_over == [], "\n".join(text for _, text in left_over)
    async with scene.unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        [invoice_pdf] = await uow.records.files(job.id)
        [kept] = await uow.privacy.kept(job.customer_id)
        assert kept.record == "invoice 1" and "tax invoice" in kept.reason
        assert kept.keep_until is not None and kept.keep_until > sast(24, 0) + timedelta(days=1800)
        [erased] = await uow.privacy.audit_log(1)
        assert erased.action is AuditAction.ERASED
        still_there = await uow.customers.by_identity(Channel.TELEGRAM, "7001")
        assert still_there is not None and still_there.name == "Sipho Dlamini"
        assert await uow.jobs.by_reference(other) is not None
    assert invoice_pdf.key == theirs["invoice"]
    left = stored_files(scene.files)
    assert set(theirs.values()) & left == {invoice_pdf.key}
    assert not [key for key in left if ".thumb." in key]  # the pictures' thumbnails too


async def test_a_check_up_goes_only_to_a_customer_who_said_yes(scene: Scene) -> None:
    said_nothing = scene.person(address="7002", name="Lerato")
    said_no = scene.person(address="7003", name="Pieter")
    said_yes = scene.person(address="7004", name="Ayanda")
    references = [
        await book_remote_support(said_nothing, "No internet"),
        await book_remote_support(said_no, "Slow laptop"),
        await book_remote_support(said_yes, "Printer"),
    ]
    await said_no.send("check-ups off")
    await said_yes.send("check-ups on")
    scene.clock.at = sast(24, 13)
    for reference in references:
        await complete(scene, reference)
    await scene.fired_at(sast(24, 15))  # the surveys
    check_ups = await scene.fired_at(sast(24, 13) + timedelta(days=200))
    assert [m.recipient for m in check_ups] == ["7004"]
    assert check_ups[0].text.startswith("Hi Ayanda, it's been 6 months")


async def test_opening_a_card_or_a_history_is_in_the_audit_log(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "No internet")
    technician = scene.technician()
    await technician.send(f"/job {reference}")
    await technician.send(f"/history {reference}")
    [log] = await technician.send(f"/audit {reference}")
    lines = log.text.splitlines()
    assert "technician (Telegram) opened the history of customer #1 (BG-" in lines[1]
    assert "technician (Telegram) opened the card of customer #1 (BG-" in lines[2]
    assert "Thandi" not in log.text


async def all_sent(scene: Scene) -> None:
    """The scene only enqueues: what a deliverer would have sent by now is marked sent."""
    async with scene.sessions() as session:
        await session.execute(update(OutboxRow).values(status="sent"))
        await session.commit()


async def test_the_sweep_forgets_old_chats_and_erases_long_closed_customers(scene: Scene) -> None:
    old = scene.person(Channel.SMS, NUMBER, name="")
    reference = await book_remote_support(old, "Printer offline")
    scene.clock.at = sast(24, 13)
    await complete(scene, reference)
    terms = PrivacyTerms(keep_conversations_days=30, keep_closed_customers_days=400)
    sweeps = [
        RetentionSweep(scene.sessions, LocalFileStore(scene.files), scene.clock, DAY * 90, terms)
        for _ in range(2)  # two processes
    ]
    recent = scene.person(address="7005", name="Sipho Dlamini")

    scene.clock.advance(days=60)
    await recent.send("hi")
    await all_sent(scene)
    await asyncio.gather(*(sweep.run() for sweep in sweeps))
    assert [table for table, _ in await rows_mentioning(scene.engine, "Printer offline")] == [
        "jobs"
    ]  # the messages went; the job stays
    assert await rows_mentioning(scene.engine, "Sipho") != []

    scene.clock.advance(days=400)
    await recent.send("hi again")
    await all_sent(scene)
    await asyncio.gather(*(sweep.run() for sweep in sweeps))
    assert await rows_mentioning(scene.engine, NUMBER, "Printer offline") == []
    assert await rows_mentioning(scene.engine, "Sipho") != []
    async with scene.unit_of_work() as uow:
        erasures = [e for e in await uow.privacy.audit_log(10) if e.action is AuditAction.ERASED]
    assert [(e.actor, e.detail) for e in erasures] == [("retention sweep", "no job for 400 days")]
