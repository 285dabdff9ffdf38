"""Loads the business configuration: the BUSINESS_CONFIG file or the bundled default."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from domain.business import BusinessConfig, load_business_config_text
from domain.errors import ConfigError


class BusinessConfigError(Exception):
    """The business configuration cannot be used; the message names the file and the key."""


def load_business(path: Path | None) -> BusinessConfig:
    source = str(path) if path else "the bundled default_business.toml"
    try:
        text = path.read_text("utf-8") if path else _bundled_default()
        return load_business_config_text(text)
    except OSError as exc:
        raise BusinessConfigError(
            f"BUSINESS_CONFIG: cannot read {source}: {exc.strerror}"
        ) from None
    except ConfigError as exc:
        raise BusinessConfigError(f"BUSINESS_CONFIG {source}: {exc}") from None


def _bundled_default() -> str:
    return files("bot").joinpath("default_business.toml").read_text("utf-8")
