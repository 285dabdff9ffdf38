"""Load-shedding and on-site visits, as transcripts through the real dispatcher and database.
The schedule comes from a stand-in of EskomSePush's API (driven by the service's own aiohttp
client) or from the technician's /loadshedding. The clock stands at Tuesday 24 November 2026,
10:00 in Johannesburg; Lombardy East has no power on Wednesday from 08:00 to 10:30."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.business import slot_finder
from bot.eskomsepush import EskomSePush
from domain.customers import Channel
from domain.messages import Outbound
from tests.stubs.eskomsepush_api import FakeEskomSePush
from tests.support.business import business_with_load_shedding_ids
from tests.support.chat import Person, labels
from tests.support.clock import MovableClock
from tests.support.scene import ADMIN, FakeChannelFiles, dispatcher_for

SAST = ZoneInfo("Africa/Johannesburg")
LOMBARDY_EAST = "jhbcitypower2-8-lombardyeast"
BUSINESS = business_with_load_shedding_ids({"Lombardy East": LOMBARDY_EAST})
WEDNESDAY = "day.2026-11-25"
CUT = (datetime(2026, 11, 25, 8, 0, tzinfo=SAST), datetime(2026, 11, 25, 10, 30, tzinfo=SAST))


async def wednesday_on_site(customer: Person, area: str = "Lombardy East") -> Outbound:
    """An on-site call-out in `area`, up to the free times of Wednesday 25 November."""
    for text in ("/book", "The printer won't print"):
        await customer.send(text)
    await customer.send(option="service.on-site-call-out")
    await customer.send(option=f"area.{area}")
    await customer.send("12 Main Road")
    [times] = await customer.send(option=WEDNESDAY)
    return times


async def wednesday_remote(customer: Person) -> Outbound:
    for text in ("/book", "Outlook keeps crashing"):
        await customer.send(text)
    await customer.send(option="service.remote-support")
    [times] = await customer.send(option=WEDNESDAY)
    return times


@pytest.fixture
async def esp() -> AsyncIterator[FakeEskomSePush]:
    async with FakeEskomSePush(token="esp-secret") as fake:
        fake.shed(LOMBARDY_EAST, *CUT, stage=4)
        yield fake


@pytest.fixture
async def make_person(
    engine: AsyncEngine,
    tmp_path: Path,
    clock: MovableClock,
    channel_files: FakeChannelFiles,
    esp: FakeEskomSePush,
) -> AsyncIterator[Callable[..., Callable[..., Person]]]:
    """People talking to a service whose schedule is EskomSePush's (warning only, if asked)."""
    client = EskomSePush("esp-secret", esp.url, refresh_after=timedelta(hours=4))

    def service(*, warn: bool = False) -> Callable[..., Person]:
        dispatcher, transcript = dispatcher_for(
            engine,
            tmp_path,
            clock,
            channel_files,
            business=BUSINESS,
            calendar=slot_finder(BUSINESS, SAST, warn_of_power_cuts=warn),
            power=client,
        )
        return lambda address="5551": Person(
            dispatcher, transcript, clock, Channel.TELEGRAM, address
        )

    yield service
    await client.close()


async def test_load_shedding_removes_the_on_site_times_it_overlaps_and_no_remote_one(
    make_person: Callable[..., Callable[..., Person]], esp: FakeEskomSePush
) -> None:
    person = make_person()
    on_site = await wednesday_on_site(person("5551"))
    assert on_site.text.startswith("Free times on Wed 25 Nov (or type a day and time")
    assert labels(on_site)[:2] == ["Wed 25 Nov, 10:30", "Wed 25 Nov, 11:00"]
    remote = await wednesday_remote(person("5552"))
    assert labels(remote)[:2] == ["Wed 25 Nov, 08:00", "Wed 25 Nov, 08:30"]
    elsewhere = await wednesday_on_site(person("5553"), "Sydenham")
    assert labels(elsewhere)[0] == "Wed 25 Nov, 08:30"  # its power stays on
    assert esp.calls == [LOMBARDY_EAST]  # asked once, then the kept schedule is used


async def test_a_time_during_load_shedding_is_explained_with_the_nearest_free_ones(
    make_person: Callable[..., Callable[..., Person]],
) -> None:
    thandi = make_person()("5551")
    await wednesday_on_site(thandi)
    [refused] = await thandi.send(option=f"slot.{CUT[0].replace(hour=9).isoformat()}")
    assert refused.text.startswith(
        "There's load-shedding in your area then, so we can't work there. "
        "The nearest free times (or type a day and time"
    )
    assert "Wed 25 Nov, 09:00" not in labels(refused)


async def test_with_the_setting_the_time_is_offered_with_a_warning(
    make_person: Callable[..., Callable[..., Person]],
) -> None:
    thandi = make_person(warn=True)("5551")
    times = await wednesday_on_site(thandi)
    assert labels(times)[:3] == [
        "Wed 25 Nov, 08:30 (no power 08:00-10:30)",
        "Wed 25 Nov, 09:00 (no power 08:00-10:30)",
        "Wed 25 Nov, 09:30 (no power 08:00-10:30)",
    ]
    [phone] = await thandi.send(option=times.options[0].id)
    assert phone.request_contact  # it can be booked
    [summary] = await thandi.send(phone="+27 82 123 4567")
    assert summary.text == (
        "Please check: On-site call-out on Wed 25 Nov, 08:30, at 12 Main Road, Lombardy East. "
        "Note: load-shedding in Lombardy East then (08:00-10:30). Book it?"
    )
    [booked] = await thandi.send(option="booking.yes")
    assert booked.text.startswith("Booked! BG-1001: On-site call-out on Wed 25 Nov, 08:30")


async def test_when_the_api_does_not_answer_the_last_schedule_stands(
    make_person: Callable[..., Callable[..., Person]],
    esp: FakeEskomSePush,
    clock: MovableClock,
) -> None:
    person = make_person()
    await wednesday_on_site(person("5551"))
    esp.down = True
    clock.advance(hours=5)  # the kept schedule is old: the API is asked again, and fails
    times = await wednesday_on_site(person("5552"))
    assert esp.calls == [LOMBARDY_EAST, LOMBARDY_EAST]
    assert labels(times)[0] == "Wed 25 Nov, 10:30"


async def test_a_wrong_token_is_a_source_that_does_not_answer(
    engine: AsyncEngine,
    tmp_path: Path,
    clock: MovableClock,
    channel_files: FakeChannelFiles,
    esp: FakeEskomSePush,
) -> None:
    client = EskomSePush("not-the-token", esp.url, refresh_after=timedelta(hours=4))
    dispatcher, transcript = dispatcher_for(
        engine, tmp_path, clock, channel_files, business=BUSINESS, power=client
    )
    times = await wednesday_on_site(Person(dispatcher, transcript, clock, Channel.TELEGRAM, "5551"))
    await client.close()
    assert esp.calls == []  # refused at the door
    assert labels(times)[0] == "Wed 25 Nov, 08:30"  # nothing known: nothing held back


async def test_a_power_cut_the_technician_sets_holds_back_on_site_times_there(
    person: Callable[..., Person],
) -> None:
    technician = person(ADMIN.channel, ADMIN.address, "Sipho")
    [set_] = await technician.send("/loadshedding Lombardy East 08:00-10:30 tomorrow")
    assert set_.text == (
        "Power cut set: Lombardy East, Wed 25 Nov 08:00-10:30. "
        "On-site visits there are not offered then."
    )
    assert labels(await wednesday_on_site(person(address="5551")))[0] == "Wed 25 Nov, 10:30"
    assert labels(await wednesday_on_site(person(address="5552"), "Sydenham"))[0] == (
        "Wed 25 Nov, 08:30"
    )
    [listed] = await technician.send("/loadshedding")
    assert listed.text.startswith("Power cuts set:\n- Lombardy East, Wed 25 Nov 08:00-10:30")
    [removed] = await technician.send(option=listed.options[0].id)
    assert removed.text == "Removed: the power cut in Lombardy East, Wed 25 Nov 08:00-10:30."
    assert labels(await wednesday_on_site(person(address="5553")))[0] == "Wed 25 Nov, 08:30"


async def test_a_power_cut_in_an_area_we_do_not_know_names_the_nearest(
    person: Callable[..., Person],
) -> None:
    technician = person(ADMIN.channel, ADMIN.address, "Sipho")
    [asked] = await technician.send("/loadshedding Lombardi East 16:00-18:30 today")
    assert asked.text.startswith(
        '"Lombardi East" is not one of our areas. Did you mean Lombardy East or Lombardy West?'
    )


async def test_a_suburb_with_a_typo_is_answered_with_the_nearest_names(
    person: Callable[..., Person],
) -> None:
    thandi = person()
    for text in ("/book", "The printer won't print"):
        await thandi.send(text)
    await thandi.send(option="service.virus-removal")
    await thandi.send(option="mode.on_site")
    [asked] = await thandi.send("Lombardi East")
    assert (
        asked.text
        == "Did you mean Lombardy East or Lombardy West? Pick it, or type your suburb again."
    )
    assert labels(asked) == ["Lombardy East", "Lombardy West", "Remotely instead"]
    [address] = await thandi.send(option=asked.options[0].id)
    assert address.text == "And the street address in Lombardy East?"
