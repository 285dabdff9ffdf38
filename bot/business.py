"""Loads the business configuration: the BUSINESS_CONFIG file or the bundled default."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from domain.business import BusinessConfig, load_business_config_text
from domain.closures import Closures
from domain.errors import ConfigError
from domain.slots import SlotFinder


class BusinessConfigError(Exception):
    """The business configuration cannot be used; the message names the file and the key."""


def load_business(path: Path | None) -> BusinessConfig:
    source = str(path) if path else "the bundled default_business.toml"
    try:
        text = path.read_text("utf-8") if path else _bundled_default()
        return _with_logo_found(load_business_config_text(text), path)
    except OSError as exc:
        raise BusinessConfigError(
            f"BUSINESS_CONFIG: cannot read {source}: {exc.strerror}"
        ) from None
    except ConfigError as exc:
        raise BusinessConfigError(f"BUSINESS_CONFIG {source}: {exc}") from None


def _with_logo_found(config: BusinessConfig, path: Path | None) -> BusinessConfig:
    """The logo named beside the business file, as a full path; refused if it is not there."""
    logo = config.business.logo
    if logo is None:
        return config
    beside = path.parent if path else Path(__file__).parent  # the bundled file's own folder
    found = (beside / logo).resolve()
    if not found.is_file():
        raise ConfigError("business.logo", f"no file at {found}")
    return replace(config, business=replace(config.business, logo=str(found)))


def _bundled_default() -> str:
    return files("bot").joinpath("default_business.toml").read_text("utf-8")


def slot_finder(
    business: BusinessConfig, zone: ZoneInfo, *, warn_of_power_cuts: bool = False
) -> SlotFinder:
    """The slot finder with South Africa's public holidays (a Sunday holiday moves to the
    Monday, as the Public Holidays Act says; the package knows). `warn_of_power_cuts`: an
    on-site time during load-shedding is offered, marked, rather than left out."""
    public_holidays = holidays.country_holidays("ZA")

    def holiday(day: date) -> str | None:
        name = public_holidays.get(day)
        return str(name) if name else None

    return SlotFinder(business, zone, holiday, Closures(warn_only=warn_of_power_cuts))
