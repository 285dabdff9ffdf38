"""A stop waits for scheduled runs under way, and cuts off only what outlasts the grace."""

from __future__ import annotations

import asyncio

from bot.tasks import InFlight


async def test_a_stop_lets_a_run_under_way_finish() -> None:
    jobs, finished = InFlight(), []

    async def poll() -> None:
        await asyncio.sleep(0.05)
        finished.append("poll")

    run = asyncio.create_task(jobs.tracked(poll)())
    await asyncio.sleep(0)  # the run has begun
    await jobs.finish(grace=5)
    assert finished == ["poll"]
    assert run.done() and not run.cancelled()


async def test_a_run_that_outlasts_the_grace_is_cancelled() -> None:
    jobs, never = InFlight(), asyncio.Event()
    run = asyncio.create_task(jobs.tracked(never.wait)())
    await asyncio.sleep(0)
    await jobs.finish(grace=0.01)
    assert run.cancelled()


async def test_nothing_under_way_means_nothing_to_wait_for() -> None:
    jobs, ran = InFlight(), []

    async def quick() -> None:
        ran.append("quick")

    await jobs.tracked(quick)()  # over before the stop
    await asyncio.wait_for(jobs.finish(grace=5), timeout=1)
    assert ran == ["quick"]
