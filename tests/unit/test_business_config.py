"""The bundled business file says what the owner means, and a broken one names the key to fix."""

from __future__ import annotations

import copy
import heapq
import tomllib
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from bot.business import BusinessConfigError, load_business
from domain.appointments import VisitMode
from domain.business import (
    BusinessConfig,
    load_business_config_text,
    parse_business_config,
)
from domain.errors import ConfigError, DomainError

BUNDLED = Path(__file__).parents[2] / "bot" / "default_business.toml"
REMOTE, ON_SITE = VisitMode.REMOTE, VisitMode.ON_SITE


@pytest.fixture(scope="module")
def text() -> str:
    return BUNDLED.read_text(encoding="utf-8")


@pytest.fixture
def data(text: str) -> dict[str, Any]:
    return copy.deepcopy(tomllib.loads(text))


@pytest.fixture
def config(text: str) -> BusinessConfig:
    return load_business_config_text(text)


def problem(data: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_business_config(data)
    return str(caught.value)


def problem_in_text(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_business_config_text(text)
    return str(caught.value)


def test_the_seven_services_are_offered_in_the_right_modes(config: BusinessConfig) -> None:
    modes = {service.code: service.modes for service in config.services}
    assert modes == {
        "remote-support": {REMOTE},
        "on-site-call-out": {ON_SITE},
        "virus-removal": {REMOTE, ON_SITE},
        "pc-setup": {REMOTE, ON_SITE},
        "hardware-upgrade": {ON_SITE},
        "wifi-network-setup": {ON_SITE},
        "data-backup-recovery": {REMOTE, ON_SITE},
    }
    remote = config.service("remote-support")
    assert remote is not None
    assert remote.name == "Remote support session"
    assert remote.price_cents == 55000
    assert remote.duration_minutes == 60
    assert config.service("no-such-service") is None


def test_opening_hours(config: BusinessConfig) -> None:
    for weekday in range(5):
        assert config.hours.for_weekday(weekday) == (time(8), time(17))
    assert config.hours.for_weekday(5) == (time(9), time(13))
    assert config.hours.for_weekday(6) is None
    with pytest.raises(ValueError, match="weekday"):
        config.hours.for_weekday(-1)


def test_contact_rules_and_vat(config: BusinessConfig) -> None:
    assert config.business.email == "hello@burbgigz.co.za"
    assert config.business.phone.startswith("+27")
    assert config.prices_include_vat is True
    assert config.vat_rate_percent == 15
    assert (config.booking.slot_step_minutes, config.booking.min_notice_minutes) == (30, 120)
    assert (config.booking.max_days_ahead, config.booking.slots_offered) == (30, 4)
    assert config.reminders.before_appointment_minutes == (1440, 60)
    assert config.reminders.survey_after_completion_minutes == 120
    assert config.reminders.flow_idle_timeout_minutes == 30
    assert config.cancellation.free_change_until_hours == 24
    assert config.cancellation.max_reschedules == 2
    assert config.cancellation.late_change_needs_approval is True
    assert config.cancellation.late_cancellation_fee_cents == 0


def test_all_fourteen_areas_around_lombardy_east(config: BusinessConfig) -> None:
    assert config.areas.base == "Lombardy East"
    assert set(config.areas.names) == {
        "Lombardy East", "Lombardy West", "Sydenham", "Highlands North", "Orange Grove",
        "Bramley", "Kew", "Linksfield", "Edenvale", "Marlboro", "Alexandra", "Sandringham",
        "Fairmount", "Glensan",
    }  # fmt: skip
    assert config.areas.find(" lombardy  east ") == "Lombardy East"
    assert config.areas.find("SANDRINGHAM") == "Sandringham"
    assert config.areas.find("Sandton") is None


def test_travel_time_is_symmetric_and_same_area_uses_its_own_allowance(
    config: BusinessConfig,
) -> None:
    areas = config.areas
    for a in areas.names:
        assert areas.travel_minutes(a, a) == areas.same_area_minutes == 5
        for b in areas.names:
            assert areas.travel_minutes(a, b) == areas.travel_minutes(b, a)
    assert areas.travel_minutes("lombardy east", "Lombardy West") == 6
    with pytest.raises(DomainError, match="Sandton"):
        areas.travel_minutes("Lombardy East", "Sandton")


def dijkstra(links: list[list[Any]], start: str) -> dict[str, int]:
    graph: dict[str, list[tuple[str, int]]] = {}
    for a, b, minutes in links:
        graph.setdefault(a, []).append((b, minutes))
        graph.setdefault(b, []).append((a, minutes))
    best: dict[str, int] = {}
    queue = [(0, start)]
    while queue:
        minutes, area = heapq.heappop(queue)
        if area in best:
            continue
        best[area] = minutes
        for neighbour, step in graph[area]:
            heapq.heappush(queue, (minutes + step, neighbour))
    return best


def test_travel_time_is_the_shortest_route_over_the_links(
    config: BusinessConfig, data: dict[str, Any]
) -> None:
    # Lombardy East → Lombardy West → Alexandra → Marlboro: 6 + 8 + 7
    assert config.areas.travel_minutes("Lombardy East", "Marlboro") == 21
    for a in config.areas.names:
        shortest = dijkstra(data["travel"]["links"], a)
        for b in config.areas.names:
            if a != b:
                assert config.areas.travel_minutes(a, b) == shortest[b], (a, b)


def test_a_detour_beats_a_slow_direct_road(data: dict[str, Any]) -> None:
    data["travel"]["links"].append(["Lombardy East", "Marlboro", 40])
    assert parse_business_config(data).areas.travel_minutes("Marlboro", "Lombardy East") == 21


def test_a_missing_section_is_named(data: dict[str, Any]) -> None:
    del data["booking"]
    assert problem(data) == "booking: missing"


def test_a_missing_key_is_named(data: dict[str, Any]) -> None:
    del data["services"][3]["price_cents"]
    assert problem(data) == "services[3].price_cents: missing"


def test_an_unknown_key_is_refused(data: dict[str, Any]) -> None:
    data["reminders"]["survey_after_completion_minute"] = 60
    assert problem(data).startswith("reminders.survey_after_completion_minute: unknown key;")


def test_an_unknown_top_level_key_is_refused(data: dict[str, Any]) -> None:
    data["vat_rate"] = 15
    assert problem(data).startswith("vat_rate: unknown key; expected one of: business,")


def test_hours_in_the_wrong_format(text: str) -> None:
    broken = text.replace('sat = "09:00-13:00"', 'sat = "9am-1pm"')
    assert problem_in_text(broken) == 'hours.sat: expected "HH:MM-HH:MM" or "closed"'


def test_closing_before_opening(data: dict[str, Any]) -> None:
    data["hours"]["tue"] = "17:00-08:00"
    assert problem(data) == "hours.tue: closing time 08:00 must be after opening 17:00"


def test_a_duplicate_service_code(data: dict[str, Any]) -> None:
    data["services"][4]["code"] = "remote-support"
    assert problem(data) == 'services[4].code: "remote-support" is used by another service'


def test_a_negative_price(data: dict[str, Any]) -> None:
    data["services"][2]["price_cents"] = -100
    assert problem(data) == "services[2].price_cents: must be a whole number of cents >= 0"


def test_a_price_in_rand_with_cents_is_not_a_whole_number(data: dict[str, Any]) -> None:
    data["services"][0]["price_cents"] = 550.00
    assert problem(data) == "services[0].price_cents: must be a whole number of cents >= 0"


def test_an_unknown_visit_mode(data: dict[str, Any]) -> None:
    data["services"][1]["modes"] = ["onsite"]
    assert problem(data).startswith("services[1].modes[0]: unknown mode 'onsite'")


def test_an_unknown_area_in_a_link(data: dict[str, Any]) -> None:
    data["travel"]["links"][4] = ["Lombardy West", "Sandtn", 6]
    assert problem(data) == 'travel.links[4]: unknown area "Sandtn"'


def test_an_area_no_link_reaches(data: dict[str, Any]) -> None:
    data["travel"]["links"] = [
        link for link in data["travel"]["links"] if "Orange Grove" not in link[:2]
    ]
    assert problem(data) == (
        'travel.links: no links reach "Orange Grove" from the base "Lombardy East"'
    )


def test_a_base_that_is_not_an_area(data: dict[str, Any]) -> None:
    data["travel"]["base"] = "Sandton"
    assert problem(data) == 'travel.base: "Sandton" is not in travel.areas'


def test_a_phone_number_we_cannot_reach(data: dict[str, Any]) -> None:
    data["business"]["phone"] = "011 000"
    assert problem(data).startswith("business.phone: '011 000' ")


def test_invalid_toml_syntax(text: str) -> None:
    broken = text.replace('name = "BurbGigz"', 'name = "BurbGigz', 1)
    assert problem_in_text(broken).startswith("<file>: not valid TOML: ")


def test_the_greeting_copy_is_read_and_may_be_left_out(
    config: BusinessConfig, data: dict[str, Any]
) -> None:
    assert config.business.tagline == "friendly IT support from Lombardy East"
    assert config.business.what_we_do == (
        "fixes computers, laptops, Wi-Fi and printers, remotely or at your place"
    )
    del data["business"]["tagline"], data["business"]["what_we_do"]
    plain = parse_business_config(data).business
    assert (plain.tagline, plain.what_we_do) == (None, None)
    data["business"]["tagline"] = "  "
    assert problem(data) == "business.tagline: expected non-empty text"


def test_load_shedding_area_ids_follow_our_area_names(data: dict[str, Any]) -> None:
    data["load_shedding"] = {"area_ids": {"lombardy  east": "jhbcitypower2-8-lombardyeast"}}
    areas = parse_business_config(data).areas
    assert areas.load_shedding_ids == {"Lombardy East": "jhbcitypower2-8-lombardyeast"}


def test_a_load_shedding_id_for_an_area_we_do_not_visit(data: dict[str, Any]) -> None:
    data["load_shedding"] = {"area_ids": {"Soweto": "eskde-1-soweto"}}
    assert problem(data) == 'load_shedding.area_ids.Soweto: "Soweto" is not in travel.areas'


def test_a_misspelt_area_has_its_nearest_names(config: BusinessConfig) -> None:
    assert config.areas.nearest("Lombardi East") == ("Lombardy East", "Lombardy West")
    assert config.areas.nearest("sydneham") == ("Sydenham",)
    assert config.areas.nearest("Soweto") == ()


def test_the_pages_look_comes_from_the_business_file(config: BusinessConfig) -> None:
    info = config.business
    assert (info.shown_name, info.colour, info.light_colour) == (
        "BurbGigz IT Support", "#0b5cad", "#e3efff",
    )  # fmt: skip
    assert info.logo is None  # the bundled logo


def test_without_a_display_name_the_pages_show_the_name(data: dict[str, Any]) -> None:
    del data["business"]["display_name"], data["business"]["colour"]
    info = parse_business_config(data).business
    assert (info.shown_name, info.colour) == ("BurbGigz", "#0b5cad")


def test_a_colour_and_a_logo_in_the_wrong_form_are_named(data: dict[str, Any]) -> None:
    data["business"]["colour"] = "blue"
    assert problem(data) == 'business.colour: expected a colour like "#0b5cad"'
    data["business"]["colour"] = "#123456"
    data["business"]["logo"] = "logo.gif"
    assert problem(data).startswith("business.logo: expected a picture file: .svg, .png")


def test_a_logo_file_that_is_not_there_is_named(tmp_path: Path) -> None:
    business = tmp_path / "business.toml"
    business.write_text(
        BUNDLED.read_text("utf-8").replace('# logo = "logo.png"', 'logo = "logo.png"')
    )
    with pytest.raises(BusinessConfigError) as caught:
        load_business(business)
    assert f"business.logo: no file at {tmp_path / 'logo.png'}" in str(caught.value)
    (tmp_path / "logo.png").write_bytes(b"a picture")
    assert load_business(business).business.logo == str(tmp_path / "logo.png")


def test_kinds_of_problems_for_the_figures(config: BusinessConfig, data: dict[str, Any]) -> None:
    viruses = config.problems[0]
    assert viruses.name == "Viruses and pop-ups"
    assert "pop-up" in viruses.keywords and viruses.services == ("virus-removal",)
    data["problems"][1]["keywords"] = ["WiFi"]
    assert parse_business_config(data).problems[1].keywords == ("wifi",)  # matched in any case
    del data["problems"]
    assert parse_business_config(data).problems == ()  # every job is "other"


def test_a_kind_of_problem_names_known_services_only(data: dict[str, Any]) -> None:
    data["problems"][0]["services"] = ["virus-removal", "virus-remover"]
    assert problem(data) == 'problems[0].services[1]: unknown service code "virus-remover"'
    data["problems"][0] = {"name": "Nothing", "keywords": []}
    assert problem(data) == "problems[0].keywords: list at least one keyword or service"
