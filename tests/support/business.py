"""The bundled business file with what a test needs added."""

from __future__ import annotations

from importlib.resources import files

from domain.business import BusinessConfig, load_business_config_text

LOAD_SHEDDING = "[load_shedding.area_ids]\n"


def business_with_load_shedding_ids(ids: dict[str, str]) -> BusinessConfig:
    """The bundled business, with these areas mapped to the schedule's area ids."""
    text = files("bot").joinpath("default_business.toml").read_text("utf-8")
    assert LOAD_SHEDDING in text
    lines = "".join(f'"{area}" = "{area_id}"\n' for area, area_id in ids.items())
    return load_business_config_text(text.replace(LOAD_SHEDDING, LOAD_SHEDDING + lines))
