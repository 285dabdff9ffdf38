"""Repositories on SQLite and Postgres: what is stored is what comes back, as domain objects."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.appointments import Appointment, VisitMode
from domain.customers import Channel, ChannelIdentity, Customer
from domain.invoices import Invoice, InvoiceLine, InvoiceStatus
from domain.jobs import Actor, Job, JobStatus, Priority
from domain.messages import Inbound, Option, Outbound
from domain.records import AttachmentKind, ChatMessage, Note, NoteVisibility, StoredFile, TimeEntry
from storage.repositories.outbox import SentMark
from tests.support.records import T0, UowFactory, new_customer, new_job


async def test_a_customer_is_found_by_any_of_their_identities(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    async with unit_of_work() as uow:
        await uow.customers.add_identity(
            customer_id, ChannelIdentity.of(Channel.SMS, "082 123 4567")
        )
        await uow.customers.add_identity(
            customer_id, ChannelIdentity.of(Channel.WHATSAPP, "0821234567")
        )
        await uow.commit()
    async with unit_of_work() as uow:
        by_sms = await uow.customers.by_identity(Channel.SMS, "+27821234567")
        by_whatsapp = await uow.customers.by_identity(Channel.WHATSAPP, "+27821234567")
        by_phone = await uow.customers.by_phone("+27821234567")
        nobody = await uow.customers.by_identity(Channel.SMS, "+27831111111")
    assert by_sms == by_whatsapp == by_phone
    assert by_sms is not None and by_sms.name == "Thandi Mokoena"
    assert [(i.channel, i.address) for i in by_sms.identities] == [
        (Channel.TELEGRAM, "tg-Thandi Mokoena"),
        (Channel.SMS, "+27821234567"),
        (Channel.WHATSAPP, "+27821234567"),
    ]
    assert by_sms.created_at is not None and by_sms.created_at.tzinfo is not None
    assert nobody is None


async def test_one_identity_cannot_belong_to_two_customers(unit_of_work: UowFactory) -> None:
    first = await new_customer(unit_of_work, "Sipho Dlamini")
    with pytest.raises(IntegrityError):
        async with unit_of_work() as uow:
            await uow.customers.add_identity(
                first, ChannelIdentity(Channel.TELEGRAM, "tg-Sipho Dlamini")
            )


async def test_an_unreachable_identity_is_remembered(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    async with unit_of_work() as uow:
        await uow.customers.set_reachable(Channel.TELEGRAM, "tg-Thandi Mokoena", False)
        await uow.commit()
    async with unit_of_work() as uow:
        customer = await uow.customers.get(customer_id)
    assert customer is not None and customer.identities[0].reachable is False


async def test_last_contact_and_the_first_opt_out_are_remembered_per_identity(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    identity = (Channel.TELEGRAM, "tg-Thandi Mokoena")
    heard, stopped = (
        datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )
    async with unit_of_work() as uow:
        await uow.customers.heard_from(*identity, heard)
        await uow.customers.set_opted_out(*identity, stopped)
        await uow.customers.set_opted_out(*identity, stopped + timedelta(hours=1))  # again
        await uow.commit()
    async with unit_of_work() as uow:
        customer = await uow.customers.get(customer_id)
    assert customer is not None
    [kept] = customer.identities
    assert (kept.last_inbound_at, kept.opted_out_at) == (heard, stopped)
    async with unit_of_work() as uow:
        await uow.customers.set_opted_out(*identity, None)
        await uow.commit()
        assert (await uow.customers.get(customer_id)).identities[0].opted_out_at is None  # type: ignore[union-attr]


async def test_jobs_get_sequential_references_and_keep_their_timeline(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    first = await new_job(unit_of_work, customer_id, area="Sydenham", address="12 Sunny Road")
    second = await new_job(unit_of_work, customer_id)
    assert (first.reference, second.reference) == ("BG-1001", "BG-1002")

    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference("BG-1001")
        assert job is not None
        job.transition(JobStatus.SCHEDULED, at=T0 + timedelta(minutes=5), actor=Actor.TECHNICIAN)
        job.transition(
            JobStatus.ON_THE_WAY,
            at=T0 + timedelta(hours=2),
            actor=Actor.TECHNICIAN,
            note="ETA 14:35",
        )
        await uow.jobs.save(job)
        await uow.commit()

    async with unit_of_work() as uow:
        stored = await uow.jobs.by_reference("BG-1001")
    assert stored is not None
    assert (stored.status, stored.area, stored.address) == (
        JobStatus.ON_THE_WAY,
        "Sydenham",
        "12 Sunny Road",
    )
    assert [(e.from_status, e.to_status, e.note) for e in stored.timeline] == [
        (None, JobStatus.REQUESTED, "booked on Telegram"),
        (JobStatus.REQUESTED, JobStatus.SCHEDULED, ""),
        (JobStatus.SCHEDULED, JobStatus.ON_THE_WAY, "ETA 14:35"),
    ]
    assert stored.timeline[2].at == T0 + timedelta(hours=2)


async def test_a_rolled_back_job_gives_its_number_back(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    async with unit_of_work() as uow:
        await uow.jobs.add(Job(customer_id=customer_id, problem="x", service_code="remote-support"))
        # no commit: leaving the block rolls everything back
    job = await new_job(unit_of_work, customer_id)
    assert job.reference == "BG-1001"
    async with unit_of_work() as uow:
        assert len(await uow.jobs.for_customer(customer_id)) == 1


async def test_an_exception_inside_a_unit_of_work_keeps_nothing(unit_of_work: UowFactory) -> None:
    with pytest.raises(RuntimeError):
        async with unit_of_work() as uow:
            await uow.customers.add(Customer(name="Ghost", phone="+27820000000"))
            raise RuntimeError("handler failed")
    async with unit_of_work() as uow:
        assert await uow.customers.by_phone("+27820000000") is None


async def test_concurrent_bookings_get_distinct_gapless_references(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    jobs = await asyncio.gather(*(new_job(unit_of_work, customer_id) for _ in range(12)))
    assert sorted(int(j.reference.removeprefix("BG-")) for j in jobs) == list(range(1001, 1013))


async def test_the_queue_puts_urgent_first_then_oldest_and_hides_closed_jobs(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    normal = await new_job(unit_of_work, customer_id)
    urgent = await new_job(unit_of_work, customer_id, priority=Priority.URGENT)
    newer = await new_job(unit_of_work, customer_id)
    done = await new_job(unit_of_work, customer_id, status=JobStatus.CANCELLED)
    async with unit_of_work() as uow:
        queue = await uow.jobs.open_jobs()
    assert [j.reference for j in queue] == [urgent.reference, normal.reference, newer.reference]
    assert done.reference not in [j.reference for j in queue]


async def test_a_customers_open_jobs_and_only_their_newest_closed_ones(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    oldest = await new_job(unit_of_work, customer_id, status=JobStatus.COMPLETED)
    still_open = await new_job(unit_of_work, customer_id)
    older, newest = [
        await new_job(unit_of_work, customer_id, status=JobStatus.CANCELLED) for _ in range(2)
    ]
    async with unit_of_work() as uow:
        every = await uow.jobs.for_customer(customer_id)
        recent = await uow.jobs.for_customer(customer_id, closed=2)
        open_only = await uow.jobs.for_customer(customer_id, closed=0)
    assert [j.reference for j in every] == [
        oldest.reference,
        still_open.reference,
        older.reference,
        newest.reference,
    ]
    assert [j.reference for j in recent] == [j.reference for j in every[1:]]
    assert [j.reference for j in open_only] == [still_open.reference]
    assert all(j.timeline for j in recent)


async def test_appointments_are_found_by_overlapping_window(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    job = await new_job(unit_of_work, customer_id)
    assert job.id is not None
    async with unit_of_work() as uow:
        await uow.appointments.add(
            Appointment(job.id, T0, T0 + timedelta(hours=1), VisitMode.ON_SITE, area="Kew")
        )
        await uow.appointments.add(
            Appointment(job.id, T0 + timedelta(hours=3), T0 + timedelta(hours=4), VisitMode.REMOTE)
        )
        await uow.commit()
    async with unit_of_work() as uow:
        morning = await uow.appointments.between(
            T0 + timedelta(minutes=30), T0 + timedelta(hours=2)
        )
        everything = await uow.appointments.for_job(job.id)
    assert [(a.mode, a.area, a.start) for a in morning] == [(VisitMode.ON_SITE, "Kew", T0)]
    assert [a.mode for a in everything] == [VisitMode.ON_SITE, VisitMode.REMOTE]


async def test_the_visits_still_on_of_several_jobs_come_in_one_go(
    unit_of_work: UowFactory,
) -> None:
    customer_id = await new_customer(unit_of_work)
    first, second, none = [await new_job(unit_of_work, customer_id) for _ in range(3)]
    assert first.id is not None and second.id is not None and none.id is not None
    hour = timedelta(hours=1)
    async with unit_of_work() as uow:
        later = await uow.appointments.add(
            Appointment(first.id, T0 + 3 * hour, T0 + 4 * hour, VisitMode.REMOTE)
        )
        await uow.appointments.add(Appointment(first.id, T0, T0 + hour, VisitMode.REMOTE))
        called_off = await uow.appointments.add(
            Appointment(second.id, T0 + 5 * hour, T0 + 6 * hour, VisitMode.REMOTE)
        )
        await uow.appointments.cancel(called_off, T0)
        await uow.commit()
    async with unit_of_work() as uow:
        found = await uow.appointments.on_for_jobs([first.id, second.id, none.id])
    assert {job: [v.start for v in visits] for job, visits in found.items()} == {
        first.id: [T0, later.start]
    }


async def test_chat_notes_time_and_files_come_back_in_order(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    job = await new_job(unit_of_work, customer_id)
    assert job.id is not None
    async with unit_of_work() as uow:
        await uow.records.add_chat(
            ChatMessage(job.id, Actor.CUSTOMER, "It beeps twice", T0, Channel.SMS)
        )
        await uow.records.add_chat(ChatMessage(job.id, Actor.TECHNICIAN, "Try the power cable", T0))
        await uow.records.add_note(Note(job.id, "Old PSU", NoteVisibility.PRIVATE, T0))
        timer = await uow.records.add_time(TimeEntry(job.id, T0))
        await uow.records.add_time(TimeEntry(job.id, T0, T0 + timedelta(minutes=45), "travel"))
        await uow.records.add_file(
            StoredFile(
                job.id,
                AttachmentKind.BEFORE,
                f"jobs/{job.id}/before.jpg",
                "image/jpeg",
                2048,
                "before.jpg",
                T0,
            )
        )
        assert timer.id is not None
        await uow.records.stop_time(timer.id, T0 + timedelta(minutes=30))
        await uow.commit()
    async with unit_of_work() as uow:
        chat = await uow.records.chat(job.id)
        notes = await uow.records.notes(job.id)
        entries = await uow.records.time_entries(job.id)
        files = await uow.records.files(job.id)
    assert [(m.author, m.text, m.channel) for m in chat] == [
        (Actor.CUSTOMER, "It beeps twice", Channel.SMS),
        (Actor.TECHNICIAN, "Try the power cable", None),
    ]
    assert [(n.text, n.visibility) for n in notes] == [("Old PSU", NoteVisibility.PRIVATE)]
    assert [e.duration(T0) for e in entries] == [timedelta(minutes=30), timedelta(minutes=45)]
    assert [(f.kind, f.filename, f.size, f.visible_to_customer) for f in files] == [
        (AttachmentKind.BEFORE, "before.jpg", 2048, True)
    ]


async def test_invoices_are_numbered_in_sequence_only_when_issued(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    job = await new_job(unit_of_work, customer_id)
    assert job.id is not None
    numbers = []
    for _ in range(2):
        async with unit_of_work() as uow:
            draft = Invoice(job_id=job.id, customer_id=customer_id)
            draft.add_line(InvoiceLine("Remote support session", Decimal(1), 55_000))
            draft.add_line(InvoiceLine("Extra half hour", Decimal("0.5"), 40_000))
            draft = await uow.invoices.add(draft)
            await uow.invoices.issue(draft, T0)
            await uow.commit()
            numbers.append(draft.number_text)
    assert numbers == ["INV-00001", "INV-00002"]
    async with unit_of_work() as uow:
        assert draft.id is not None
        stored = await uow.invoices.get(draft.id)
    assert stored is not None
    assert (stored.status, stored.number, stored.issued_at) == (InvoiceStatus.ISSUED, 2, T0)
    assert [(li.description, li.quantity) for li in stored.lines] == [
        ("Remote support session", Decimal(1)),
        ("Extra half hour", Decimal("0.5")),
    ]
    assert (stored.totals.gross, stored.totals.vat) == (75_000, 9_783)


async def test_the_inbound_log_keeps_each_platform_message_once(unit_of_work: UowFactory) -> None:
    message = Inbound(Channel.TELEGRAM, "5551234", "update-77", T0, text="/start")
    async with unit_of_work() as uow:
        assert await uow.inbound.record(message, T0) is True
        await uow.commit()
    async with unit_of_work() as uow:
        assert await uow.inbound.record(message, T0) is False  # Telegram delivered it again
        other_channel = Inbound(Channel.SMS, "+27821234567", "update-77", T0, text="hi")
        assert await uow.inbound.record(other_channel, T0) is True
        await uow.commit()


async def test_the_outbox_keeps_a_message_with_its_options(unit_of_work: UowFactory) -> None:
    message = Outbound(
        Channel.TELEGRAM,
        "5551234",
        "What can we do for you?",
        options=(Option("book", "Book a service"),),
    )
    async with unit_of_work() as uow:
        first = await uow.outbox.enqueue(message, T0)
        second = await uow.outbox.enqueue(message, T0)
        await uow.commit()
    assert second > first
    assert Outbound.from_json(message.to_json()) == message


async def test_an_outbox_lease_keeps_others_off_until_it_expires(unit_of_work: UowFactory) -> None:
    message = Outbound(Channel.SMS, "+27821234567", "Your technician is on the way")
    async with unit_of_work() as uow:
        message_id = await uow.outbox.enqueue(message, T0)
        await uow.commit()
    lease = timedelta(seconds=30)
    async with unit_of_work() as uow:
        [claimed] = await uow.outbox.claim_due(T0, lease, 10)
        await uow.commit()
    assert (claimed.id, claimed.message) == (message_id, message)
    async with unit_of_work() as uow:  # a second deliverer, while the first is sending
        assert await uow.outbox.claim_due(T0 + timedelta(seconds=29), lease, 10) == []
        await uow.outbox.extend_lease([message_id], T0 + timedelta(seconds=59))
        await uow.commit()
    async with unit_of_work() as uow:
        assert await uow.outbox.claim_due(T0 + timedelta(seconds=45), lease, 10) == []
    async with unit_of_work() as uow:  # the first one died: the message is free again
        [again] = await uow.outbox.claim_due(T0 + timedelta(seconds=60), lease, 10)
    assert again.id == message_id


async def test_a_sent_message_is_never_claimed_again(unit_of_work: UowFactory) -> None:
    async with unit_of_work() as uow:
        message_id = await uow.outbox.enqueue(Outbound(Channel.TELEGRAM, "1", "hi"), T0)
        [item] = await uow.outbox.claim_due(T0, timedelta(seconds=30), 10)
        await uow.outbox.mark_sent([SentMark(item.id, "tg-1", T0)])
        await uow.commit()
    async with unit_of_work() as uow:
        assert await uow.outbox.claim_due(T0 + timedelta(hours=1), timedelta(seconds=30), 10) == []
    assert item.id == message_id


async def test_health_reads_while_a_writer_holds_the_sqlite_lock(engine, backend: str) -> None:
    from sqlalchemy import text

    from storage.database import READ_ONLY

    async with engine.connect() as writer:
        await writer.execute(text("UPDATE counters SET value = value WHERE name = 'job'"))
        async with engine.connect() as reader:  # must not wait for the writer's lock
            await reader.execution_options(**READ_ONLY)
            result = await asyncio.wait_for(reader.execute(text("SELECT 1")), timeout=2)
            assert result.scalar() == 1
        await writer.rollback()


async def test_the_queue_and_the_agenda_read_their_jobs_in_two_queries(
    unit_of_work: UowFactory, engine: AsyncEngine
) -> None:
    customer_id = await new_customer(unit_of_work)
    jobs = [await new_job(unit_of_work, customer_id) for _ in range(4)]
    async with unit_of_work() as uow:
        for hours, job in enumerate(jobs):
            assert job.id is not None
            start = T0 + timedelta(hours=hours)
            await uow.appointments.add(
                Appointment(job.id, start, start + timedelta(minutes=30), VisitMode.REMOTE)
            )
        await uow.commit()
    statements: list[str] = []

    def count(*args: object) -> None:
        if str(args[2]).startswith("SELECT"):  # not the BEGIN a SQLite transaction opens with
            statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with unit_of_work() as uow:
            queue = await uow.jobs.open_jobs()
            queries_for_the_queue = len(statements)
            agenda = await uow.appointments.between_with_jobs(T0, T0 + timedelta(days=1))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert queries_for_the_queue == 2 and len(statements) == 4
    assert [j.reference for j in queue] == [j.reference for j in jobs]
    assert [(v.start, j.reference, len(j.timeline)) for v, j in agenda] == [
        (T0 + timedelta(hours=h), j.reference, 1) for h, j in enumerate(jobs)
    ]


async def test_a_secret_is_made_once_and_the_maker_knows_it(unit_of_work: UowFactory) -> None:
    async with unit_of_work() as uow:
        made, first = await uow.secrets.kept_or_made("console")
        await uow.commit()
    async with unit_of_work() as uow:
        kept, again = await uow.secrets.kept_or_made("console")
        other, _ = await uow.secrets.kept_or_made("another")
    assert (first, again) == (True, False)
    assert kept == made != other


async def test_reminders_stay_off_until_turned_back_on(unit_of_work: UowFactory) -> None:
    customer_id = await new_customer(unit_of_work)
    async with unit_of_work() as uow:
        assert not await uow.reminder_preferences.reminders_off(customer_id)
        await uow.reminder_preferences.set_reminders(customer_id, False, T0)
        await uow.reminder_preferences.set_reminders(customer_id, False, T0)  # said twice
        await uow.commit()
    async with unit_of_work() as uow:
        assert await uow.reminder_preferences.reminders_off(customer_id)
        await uow.reminder_preferences.set_reminders(customer_id, True, T0)
        await uow.commit()
    async with unit_of_work() as uow:
        assert not await uow.reminder_preferences.reminders_off(customer_id)
