"""The pace of sends to a platform: evenly spaced overall, and per chat or number. (The
end-to-end tests send faster than the platforms allow, to stand-ins that do not mind.)"""

from __future__ import annotations

import asyncio
import itertools

from bot.delivery.pacing import Pacer

LEEWAY = 0.005  # the event loop's clock may wake a sleeper a hair early


async def departures(pacer: Pacer, recipients: list[str]) -> list[float]:
    """When each send could leave, in seconds from the first."""
    loop = asyncio.get_running_loop()
    start, left = loop.time(), []
    for recipient in recipients:
        await pacer.wait(recipient)
        left.append(loop.time() - start)
    return left


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in itertools.pairwise(times)]


async def test_one_chat_gets_its_messages_spaced_while_another_chat_waits_for_nothing() -> None:
    left = await departures(Pacer(per_recipient=5), ["5551", "5551", "5551", "5552"])
    to_one, to_other = gaps(left[:3]), left[3] - left[2]
    assert all(gap >= 0.2 - LEEWAY for gap in to_one), to_one
    assert to_other < 0.2, to_other  # not held back by the first chat's pace


async def test_the_overall_rate_spaces_sends_to_different_chats() -> None:
    left = await departures(Pacer(overall=10), ["1", "2", "3", "4"])
    assert all(gap >= 0.1 - LEEWAY for gap in gaps(left)), left
