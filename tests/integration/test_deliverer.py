"""The outbox deliverer against a scripted channel: order, retries, giving up, alerts."""

from __future__ import annotations

import asyncio
import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.base import split_message, split_text
from bot.delivery.deliverer import LEASE, MAX_ATTEMPTS, Deliverer
from bot.delivery.sending import DeliveryFailed
from domain.customers import Channel, ChannelIdentity, Customer
from domain.messages import Outbound
from storage.database import create_sessionmaker
from storage.repositories.common import Stored
from storage.tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork

ADMIN = ChannelIdentity(Channel.TELEGRAM, "900")


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


class ScriptedChannel:
    """Sends after a random short delay; fails as told."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures: dict[str, DeliveryFailed] = {}
        self.fail_once: set[str] = set()  # texts whose first send fails
        self.files: list[str] = []

    def pieces(self, message: Outbound) -> list[Outbound]:
        return split_message(message, lambda text: split_text(text, 100))

    async def send(self, message: Outbound, *, outbox_id: int) -> str:
        await asyncio.sleep(random.uniform(0, 0.01))
        if failure := self.failures.get(message.recipient):
            raise failure
        if message.text in self.fail_once:
            self.fail_once.discard(message.text)
            raise DeliveryFailed("timeout", retry_after=5)
        self.files += [a.filename for a in message.attachments]
        self.sent.append((message.recipient, message.text))
        return f"id-{len(self.sent)}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def channel() -> ScriptedChannel:
    return ScriptedChannel()


@pytest.fixture
def deliverer(engine: AsyncEngine, clock: Clock, channel: ScriptedChannel) -> Deliverer:
    deliverer = Deliverer(create_sessionmaker(engine), clock=clock, admins=(ADMIN,))
    deliverer.add_sender(Channel.TELEGRAM, channel)
    return deliverer


@pytest.fixture
def enqueue(engine: AsyncEngine, clock: Clock, deliverer: Deliverer):
    """Commit messages as a handler would: leased for sending at once (or plainly queued)."""

    async def commit(*messages: Outbound, leased: bool = True) -> list[Stored[Outbound]]:
        async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
            now = clock.now()
            items = await deliverer.enqueue(uow, messages, now) if leased else []
            if not leased:
                for message in messages:
                    await uow.outbox.enqueue(message, now)
            await uow.commit()
        return items

    return commit


async def statuses(engine: AsyncEngine) -> list[tuple[str, str, str | None]]:
    async with create_sessionmaker(engine)() as session:
        rows = await session.execute(
            select(OutboxRow.recipient, OutboxRow.status, OutboxRow.last_error).order_by(
                OutboxRow.id
            )
        )
        return [(r.recipient, r.status, r.last_error) for r in rows]


async def test_one_recipients_messages_leave_in_commit_order_across_hand_offs(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    for n in range(30):  # each hand-off is its own task, racing the others
        deliverer.submit(await enqueue(Outbound(Channel.TELEGRAM, "5551", f"m{n}")))
    await deliverer.settled()
    assert [text for _, text in channel.sent] == [f"m{n}" for n in range(30)]
    assert {status for _, status, _ in await statuses(engine)} == {"sent"}


async def test_an_outage_is_retried_with_growing_waits_until_it_is_over(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    await enqueue(Outbound(Channel.TELEGRAM, "5551", "Your booking is confirmed"), leased=False)
    channel.failures["5551"] = DeliveryFailed("Telegram unavailable")
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):  # every try but the last
        clock.at += timedelta(hours=1)
        await deliverer.deliver_due()
        waits.append(await next_attempt_in(engine, clock))
    assert await statuses(engine) == [("5551", "pending", "Telegram unavailable")]
    assert all(later > sooner for sooner, later in itertools.pairwise(waits))
    assert waits[0] <= timedelta(seconds=40) and waits[-1] <= timedelta(hours=1.2)
    del channel.failures["5551"]
    clock.at += timedelta(hours=2)
    await deliverer.deliver_due()
    assert channel.sent == [("5551", "Your booking is confirmed")]


async def next_attempt_in(engine: AsyncEngine, clock: Clock) -> timedelta:
    async with create_sessionmaker(engine)() as session:
        at: datetime | None = await session.scalar(select(OutboxRow.next_attempt_at))
    assert at is not None
    return at - clock.at


async def test_a_channel_failing_five_times_ends_in_the_dead_letters_and_tells_the_technician(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel
) -> None:
    deliverer = Deliverer(create_sessionmaker(engine), clock=clock, admins=(ADMIN,), max_attempts=5)
    deliverer.add_sender(Channel.TELEGRAM, channel)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.customers.add(
            Customer(name="Thandi Mokoena", identities=[ChannelIdentity(Channel.TELEGRAM, "5551")])
        )
        await uow.outbox.enqueue(Outbound(Channel.TELEGRAM, "5551", "Reminder"), clock.now())
        await uow.commit()
    channel.failures["5551"] = DeliveryFailed("Bad Gateway")
    for _ in range(8):  # five tries fail, later rounds find nothing to try
        clock.at += timedelta(hours=1)
        await deliverer.deliver_due()
        await deliverer.settled()
    assert channel.sent == [
        ("900", "Could not reach Thandi Mokoena on Telegram: Bad Gateway (5 tries)")
    ]  # told once
    async with create_sessionmaker(engine)() as session:
        row = (await session.scalars(select(OutboxRow).order_by(OutboxRow.id))).first()
    assert row is not None and (row.status, row.attempts, row.sent_at) == ("dead", 5, None)


async def test_with_telegram_down_the_console_is_told_once_and_no_alerts_chase_each_other(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel
) -> None:
    """The customer's message and the alert about it to the Telegram admin chat both die; the
    web console hears of the first once, and an alert that dies starts no other."""
    console = ScriptedChannel()
    admins = (ADMIN, ChannelIdentity(Channel.WEB, "admin"))
    deliverer = Deliverer(create_sessionmaker(engine), clock=clock, admins=admins, max_attempts=3)
    deliverer.add_sender(Channel.TELEGRAM, channel)
    deliverer.add_sender(Channel.WEB, console)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.outbox.enqueue(Outbound(Channel.TELEGRAM, "5551", "Reminder"), clock.now())
        await uow.commit()
    channel.failures["5551"] = channel.failures["900"] = DeliveryFailed("Bad Gateway")
    for _ in range(10):
        clock.at += timedelta(hours=1)
        await deliverer.deliver_due()
        await deliverer.settled()
    assert console.sent == [("admin", "Could not reach 5551 on Telegram: Bad Gateway (3 tries)")]
    assert channel.sent == []
    assert [(to, status) for to, status, _ in await statuses(engine)] == [
        ("5551", "dead"),
        ("900", "dead"),
        ("admin", "sent"),
    ]


async def test_a_429_is_waited_out_without_counting_as_a_failed_try(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel
) -> None:
    deliverer = Deliverer(create_sessionmaker(engine), clock=clock, admins=(ADMIN,), max_attempts=2)
    deliverer.add_sender(Channel.TELEGRAM, channel)
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.outbox.enqueue(Outbound(Channel.TELEGRAM, "5551", "Hi"), clock.now())
        await uow.commit()
    channel.failures["5551"] = DeliveryFailed("Too Many Requests", retry_after=3)
    for _ in range(5):
        clock.at += timedelta(seconds=3)
        await deliverer.deliver_due()
    assert (await statuses(engine))[0][1] == "pending"
    del channel.failures["5551"]
    clock.at += timedelta(seconds=3)
    await deliverer.deliver_due()
    assert channel.sent == [("5551", "Hi")]


async def test_after_a_day_of_failing_the_message_is_given_up_and_the_technician_told(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.customers.add(
            Customer(name="Thandi Mokoena", identities=[ChannelIdentity(Channel.TELEGRAM, "5551")])
        )
        await uow.commit()
    await enqueue(Outbound(Channel.TELEGRAM, "5551", "Reminder"), leased=False)
    channel.failures["5551"] = DeliveryFailed("Telegram unavailable")
    clock.at += timedelta(hours=25)
    await deliverer.deliver_due()
    await deliverer.settled()
    assert channel.sent == [
        ("900", "Could not reach Thandi Mokoena on Telegram: Telegram unavailable")
    ]
    assert (await statuses(engine))[0] == ("5551", "dead", "Telegram unavailable")


async def test_a_permanent_failure_stops_at_once_and_marks_the_person_unreachable(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        await uow.customers.add(
            Customer(name="Sipho", identities=[ChannelIdentity(Channel.TELEGRAM, "5552")])
        )
        await uow.commit()
    channel.failures["5552"] = DeliveryFailed(
        "Forbidden: bot was blocked by the user", unreachable=True
    )
    deliverer.submit(await enqueue(Outbound(Channel.TELEGRAM, "5552", "Hi")))
    await deliverer.settled()
    assert channel.sent == [
        ("900", "Could not reach Sipho on Telegram: Forbidden: bot was blocked by the user")
    ]
    async with SqlUnitOfWork(create_sessionmaker(engine)) as uow:
        sipho = await uow.customers.by_identity(Channel.TELEGRAM, "5552")
    assert sipho is not None and sipho.identities[0].reachable is False


async def test_messages_behind_a_failed_one_wait_for_it(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    channel.failures["5551"] = DeliveryFailed("timeout", retry_after=60)
    deliverer.submit(
        await enqueue(*(Outbound(Channel.TELEGRAM, "5551", t) for t in ("first", "second")))
    )
    await deliverer.settled()
    assert channel.sent == []
    del channel.failures["5551"]
    clock.at += timedelta(seconds=61)
    restarted = Deliverer(create_sessionmaker(engine), clock=clock, admins=(ADMIN,))
    restarted.add_sender(Channel.TELEGRAM, channel)
    await restarted.deliver_due()
    assert [text for _, text in channel.sent] == ["first", "second"]


async def test_the_poll_path_leaves_alone_what_a_hand_off_holds(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    items = await enqueue(Outbound(Channel.TELEGRAM, "5551", "only once"))
    sending, gate = asyncio.Event(), asyncio.Event()
    original = channel.send

    async def slow_send(message: Outbound, *, outbox_id: int) -> str:
        sending.set()
        await gate.wait()
        return await original(message, outbox_id=outbox_id)

    channel.send = slow_send  # type: ignore[method-assign]
    deliverer.submit(items)
    await sending.wait()
    clock.at += LEASE + timedelta(seconds=1)  # the lease ran out while the send hangs
    # A poll that took the row would hang at the gate too: it must finish without it.
    await asyncio.wait_for(deliverer.deliver_due(), timeout=10)
    gate.set()
    await deliverer.settled()
    assert channel.sent == [("5551", "only once")]


async def test_a_new_reply_queues_behind_an_older_one_waiting_for_a_retry(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    channel.failures["5551"] = DeliveryFailed("timeout", retry_after=60)
    deliverer.submit(await enqueue(Outbound(Channel.TELEGRAM, "5551", "older")))
    await deliverer.settled()
    del channel.failures["5551"]
    newer = await enqueue(Outbound(Channel.TELEGRAM, "5551", "newer"))
    assert newer == []  # not leased for sending at once: it waits its turn
    await deliverer.deliver_due()
    assert channel.sent == []  # "newer" does not overtake "older"
    clock.at += timedelta(seconds=61)
    await deliverer.deliver_due()
    assert [text for _, text in channel.sent] == ["older", "newer"]


async def test_replies_wait_for_what_a_crashed_process_still_holds(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    await enqueue(Outbound(Channel.TELEGRAM, "5551", "left by the crash"))  # leased
    assert await enqueue(Outbound(Channel.TELEGRAM, "5551", "after restart")) == []
    await deliverer.deliver_due()
    assert channel.sent == []
    clock.at += LEASE + timedelta(seconds=1)
    await deliverer.deliver_due()
    assert [text for _, text in channel.sent] == ["left by the crash", "after restart"]


async def test_a_failed_sent_mark_neither_resends_nor_lets_anything_overtake(
    engine: AsyncEngine,
    clock: Clock,
    channel: ScriptedChannel,
    deliverer: Deliverer,
    enqueue,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import OperationalError

    real = deliverer._marks._write
    failures = iter([True])

    async def flaky(marks):
        if next(failures, False):  # the database blinks once
            raise OperationalError("COMMIT", {}, ConnectionResetError())
        return await real(marks)

    monkeypatch.setattr(deliverer._marks, "_write", flaky)
    first = await enqueue(*(Outbound(Channel.TELEGRAM, "5551", t) for t in ("1", "2")))
    deliverer.submit(first)
    deliverer.submit(await enqueue(Outbound(Channel.TELEGRAM, "5551", "3")))
    await deliverer.settled()
    assert next(failures, "used") == "used"  # the blink happened
    assert [text for _, text in channel.sent] == ["1", "2", "3"]
    assert {status for _, status, _ in await statuses(engine)} == {"sent"}


async def test_two_claimers_take_turns_and_never_split_a_recipients_messages(
    engine: AsyncEngine, clock: Clock, enqueue
) -> None:
    await enqueue(*(Outbound(Channel.TELEGRAM, "5551", t) for t in ("R1", "R2")), leased=False)
    sessions = create_sessionmaker(engine)
    first = SqlUnitOfWork(sessions)
    async with first:
        [claimed] = await first.outbox.claim_due(clock.now(), LEASE, 1)
        assert claimed.message.text == "R1"

        async def second_process() -> list[str]:
            async with SqlUnitOfWork(sessions) as uow:
                batch = await uow.outbox.claim_due(clock.now(), LEASE, 10)
                await uow.commit()
            return [item.message.text for item in batch]

        other = asyncio.create_task(second_process())
        await asyncio.sleep(0.3)
        assert not other.done()  # it waits for the first claimer's turn to end
        await first.commit()
    assert await other == []  # R2 stays behind R1, which the first process now holds


async def test_a_failure_part_way_through_a_long_message_repeats_only_what_failed(
    engine: AsyncEngine, clock: Clock, channel: ScriptedChannel, deliverer: Deliverer, enqueue
) -> None:
    from domain.messages import Attachment, Option

    lines = [f"line {n:02d} of the service report" for n in range(8)]  # 8 x 27 chars
    photo = Attachment("jobs/1/after.jpg", "image/jpeg", "after.jpg")
    message = Outbound(
        Channel.TELEGRAM,
        "5551",
        "\n".join(lines),
        options=(Option("ok", "Thanks"),),
        attachments=(photo,),
    )
    items = await enqueue(message)
    assert len(items) == 4  # the photo, then the text in three pieces of at most 100
    channel.fail_once.add(items[2].message.text)  # the second piece of text
    deliverer.submit(items)
    await deliverer.settled()
    clock.at += timedelta(seconds=6)
    await deliverer.deliver_due()
    assert channel.files == ["after.jpg"]  # sent once, not again with the retry
    assert "\n".join(text for _, text in channel.sent if text) == "\n".join(lines)
    assert [i.message.options for i in items] == [(), (), (), (Option("ok", "Thanks"),)]
