"""The services every turn gets: built whole at start-up, or refused there, never a feature
silently off (no status link) because a part was left out."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.business import load_business, slot_finder
from bot.calendars.invites import IcsInvites
from bot.files.charts import MatplotlibCharts
from bot.files.documents_pdf import PdfDocuments
from bot.files.file_links import FileLinks
from bot.settings import Settings
from bot.web.channel import CONSOLE_ADDRESS
from bot.wiring import turn_services
from domain.customers import Channel, ChannelIdentity
from handlers.kernel.services import Services, ServicesError
from storage.files import LocalFileStore
from tests.support.clock import MovableClock

BUSINESS = load_business(None)


async def _secret() -> str:
    return "file links in tests"


@pytest.mark.parametrize("address", ["", "burbgigz.co.za"])
def test_a_bundle_without_a_usable_public_address_is_refused(address: str, tmp_path: Path) -> None:
    clock = MovableClock()
    with pytest.raises(ServicesError, match="public address must be an http"):
        Services(
            clock=clock,
            business=BUSINESS,
            admins=(),
            calendar=slot_finder(BUSINESS, ZoneInfo("Africa/Johannesburg")),
            files=LocalFileStore(tmp_path),
            links=FileLinks(_secret, "https://burbgigz.test", clock),
            paper=PdfDocuments(),
            charts=MatplotlibCharts(),
            power=None,
            public_url=address,
            invites=IcsInvites(ZoneInfo("Africa/Johannesburg")),
        )


def test_the_wiring_hands_every_turn_the_public_address_and_the_console(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, public_base_url="https://burbgigz.example/")
    clock = MovableClock()
    links = FileLinks(_secret, settings.base_url, clock)
    services = turn_services(settings, BUSINESS, clock, LocalFileStore(tmp_path), links)
    assert services.public_url == "https://burbgigz.example"
    assert services.admins[-1] == ChannelIdentity(Channel.WEB, CONSOLE_ADDRESS)
    assert services.calendar.zone == settings.business_zone
