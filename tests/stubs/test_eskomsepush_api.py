"""The EskomSePush stand-in, driven by the service's own client (aiohttp): the schedule read
from its JSON, and every failure answered with None so the kept schedule stands in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.eskomsepush import EskomSePush
from domain.closures import PowerCut
from tests.stubs.eskomsepush_api import FakeEskomSePush

SAST = ZoneInfo("Africa/Johannesburg")
AREA = "jhbcitypower2-8-lombardyeast"
START, END = datetime(2026, 11, 25, 8, tzinfo=SAST), datetime(2026, 11, 25, 10, 30, tzinfo=SAST)


async def test_the_coming_power_cuts_of_an_area() -> None:
    async with FakeEskomSePush(token="t0k") as esp:
        esp.shed(AREA, START, END, stage=4)
        client = EskomSePush("t0k", esp.url, timedelta(hours=4))
        cuts = await client.power_cuts(AREA)
        await client.close()
    assert cuts == [PowerCut(START, END, "Stage 4")]
    assert cuts[0].start == datetime(2026, 11, 25, 6, tzinfo=UTC)
    assert esp.calls == [AREA]


async def test_a_wrong_token_an_unknown_area_or_an_outage_is_no_answer() -> None:
    async with FakeEskomSePush(token="t0k") as esp:
        esp.shed(AREA, START, END)
        wrong = EskomSePush("other", esp.url, timedelta(hours=4))
        right = EskomSePush("t0k", esp.url, timedelta(hours=4))
        assert await wrong.power_cuts(AREA) is None
        assert await right.power_cuts("eskde-1-nowhere") is None
        esp.down = True
        assert await right.power_cuts(AREA) is None
        await wrong.close()
        await right.close()


async def test_an_api_that_cannot_be_reached_is_no_answer() -> None:
    async with FakeEskomSePush() as esp:
        url = esp.url
    client = EskomSePush("esp-token", url, timedelta(hours=4))
    assert await client.power_cuts(AREA) is None
    await client.close()
