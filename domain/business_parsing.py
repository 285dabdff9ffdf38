"""Reading the business TOML: typed access to its tables where every problem names its key."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import MISSING, fields
from datetime import time
from typing import Any

from domain.appointments import VisitMode
from domain.errors import ConfigError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_HOURS_FORMAT = 'expected "HH:MM-HH:MM" or "closed"'
_AREA_ID = re.compile(r"[A-Za-z0-9_.-]{1,120}")


def child(path: str, key: str | int) -> str:
    """The dotted path of a key inside `path`: `services[2].price_cents`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def fold(name: str) -> str:
    """How area names are compared: case and extra spaces don't matter."""
    return " ".join(name.split()).casefold()


def whole(value: object, key: str, minimum: int, unit: str) -> int:
    # bool is an int subclass in Python, but `true` is never a number of minutes
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(key, f"must be a whole number of {unit} >= {minimum}")
    return value


class Fields:
    """One TOML table; unknown keys are refused up front so that a typo cannot pass silently."""

    def __init__(
        self, data: object, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> None:
        if not isinstance(data, Mapping):
            raise ConfigError(path or "<config>", "expected a table")
        allowed = (*required, *optional)
        for key in data:
            if key not in allowed:
                expected = ", ".join(allowed)
                raise ConfigError(child(path, key), f"unknown key; expected one of: {expected}")
        for key in required:
            if key not in data:
                raise ConfigError(child(path, key), "missing")
        self._data: Mapping[str, Any] = data
        self.path = path

    def key(self, name: str) -> str:
        return child(self.path, name)

    def raw(self, name: str) -> Any:
        return self._data[name]

    def has(self, name: str) -> bool:
        return name in self._data

    def text(self, name: str) -> str:
        value = self._data[name]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(self.key(name), "expected non-empty text")
        return value.strip()

    def text_if_set(self, name: str) -> str | None:
        """An optional text: None when the key is left out."""
        return self.text(name) if self.has(name) else None

    def matching(self, name: str, pattern: str, problem: str) -> str:
        value = self.text(name)
        if re.fullmatch(pattern, value) is None:
            raise ConfigError(self.key(name), problem)
        return value

    def whole(self, name: str, minimum: int, unit: str) -> int:
        return whole(self._data[name], self.key(name), minimum, unit)

    def flag(self, name: str) -> bool:
        value = self._data[name]
        if not isinstance(value, bool):
            raise ConfigError(self.key(name), "expected true or false")
        return value

    def table(self, name: str, required: Iterable[str], optional: Iterable[str] = ()) -> Fields:
        return Fields(self._data[name], self.key(name), required, optional)

    def items(self, name: str) -> list[tuple[str, Any]]:
        """The entries of a list, each with its own key path."""
        value = self._data[name]
        if not isinstance(value, list):
            raise ConfigError(self.key(name), "expected a list")
        return [(child(self.key(name), i), item) for i, item in enumerate(value)]


def colour(fields: Fields, name: str, default: str) -> str:
    """A colour as the web writes it, "#0b5cad"; the default when not given."""
    if not fields.has(name):
        return default
    return fields.matching(name, r"#[0-9a-fA-F]{6}", 'expected a colour like "#0b5cad"')


LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def logo_file(fields: Fields) -> str:
    """The logo's file name; whether it is there is checked where files are read."""
    name = fields.text("logo")
    if not name.lower().endswith(LOGO_TYPES):
        raise ConfigError(fields.key("logo"), f"expected a picture file: {', '.join(LOGO_TYPES)}")
    return name


def keys_of(shape: type[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The required and optional keys of a table that mirrors the dataclass `shape`."""
    required = tuple(f.name for f in fields(shape) if f.default is MISSING)
    return required, tuple(f.name for f in fields(shape) if f.default is not MISSING)


def opening_hours(hours: Fields, day: str) -> tuple[time, time] | None:
    """'08:00-17:00' becomes (08:00, 17:00); 'closed' becomes None."""
    value, key = hours.raw(day), hours.key(day)
    if not isinstance(value, str):
        raise ConfigError(key, _HOURS_FORMAT)
    if value.strip().casefold() == "closed":
        return None
    match = _HOURS.fullmatch(value.strip())
    if match is None:
        raise ConfigError(key, _HOURS_FORMAT)
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    try:
        opens, closes = time(h1, m1), time(h2, m2)
    except ValueError:
        raise ConfigError(key, _HOURS_FORMAT) from None
    if closes <= opens:
        raise ConfigError(key, f"closing time {closes:%H:%M} must be after opening {opens:%H:%M}")
    return opens, closes


def visit_modes(entry: Fields) -> frozenset[VisitMode]:
    modes: set[VisitMode] = set()
    for key, value in entry.items("modes"):
        if value not in [mode.value for mode in VisitMode]:
            raise ConfigError(key, f'unknown mode {value!r}; expected "remote" or "on_site"')
        modes.add(VisitMode(value))
    if not modes:
        raise ConfigError(entry.key("modes"), 'expected "remote", "on_site" or both')
    return frozenset(modes)


def problem_categories(
    entry: Fields, service_codes: set[str]
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """One [[problems]] entry: its name, its keywords (lower case) and the services it
    covers, each a known service code."""
    keywords = tuple(_word(key, value).casefold() for key, value in entry.items("keywords"))
    codes: list[str] = []
    for key, value in entry.items("services") if entry.has("services") else []:
        if _word(key, value) not in service_codes:
            raise ConfigError(key, f'unknown service code "{value}"')
        codes.append(value)
    if not keywords and not codes:
        raise ConfigError(entry.key("keywords"), "list at least one keyword or service")
    return entry.text("name"), keywords, tuple(codes)


def _word(key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key, "expected non-empty text")
    return value.strip()


def distinct_minutes(table: Fields, name: str) -> tuple[int, ...]:
    """A list of distinct positive minutes, largest first."""
    minutes = [whole(value, key, 1, "minutes") for key, value in table.items(name)]
    if len(set(minutes)) != len(minutes):
        raise ConfigError(table.key(name), "lists the same time twice")
    return tuple(sorted(minutes, reverse=True))


def area_index(names: Sequence[str], name: str) -> int | None:
    wanted = fold(name)
    return next((i for i, known in enumerate(names) if fold(known) == wanted), None)


def area_names(travel: Fields) -> tuple[str, ...]:
    names: list[str] = []
    for key, value in travel.items("areas"):
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(key, "expected an area name")
        name = " ".join(value.split())
        if area_index(names, name) is not None:
            raise ConfigError(key, f'"{name}" is listed twice')
        names.append(name)
    if not names:
        raise ConfigError(travel.key("areas"), "list at least the base area")
    return tuple(names)


def load_shedding_ids(table: Fields, names: Sequence[str]) -> dict[str, str]:
    """[load_shedding] area_ids: each of our areas (by name) and the schedule's id for it."""
    ids, path = table.raw("area_ids"), table.key("area_ids")
    if not isinstance(ids, Mapping):
        raise ConfigError(path, 'expected a table of "Area" = "area id"')
    found: dict[str, str] = {}
    for name, value in ids.items():
        index = area_index(names, name)
        if index is None:
            raise ConfigError(child(path, name), f'"{name}" is not in travel.areas')
        if not isinstance(value, str) or not _AREA_ID.fullmatch(value):
            raise ConfigError(child(path, name), "expected an area id, like jhbcitypower2-15-x")
        found[names[index]] = value
    return found


def _link(key: str, value: object, names: Sequence[str]) -> tuple[int, int, int]:
    shape = 'expected ["Area", "Area", minutes]'
    if not isinstance(value, list) or len(value) != 3:
        raise ConfigError(key, shape)
    a, b, minutes = value
    ends: list[int] = []
    for end in (a, b):
        if not isinstance(end, str):
            raise ConfigError(key, shape)
        found = area_index(names, end)
        if found is None:
            raise ConfigError(key, f'unknown area "{end}"')
        ends.append(found)
    if ends[0] == ends[1]:
        raise ConfigError(key, f'links "{names[ends[0]]}" to itself')
    return ends[0], ends[1], whole(minutes, key, 1, "minutes")


def shortest_minutes(
    travel: Fields, names: Sequence[str], base: int
) -> tuple[tuple[int, ...], ...]:
    """Driving minutes between every pair of areas over the listed road links (Floyd–Warshall)."""
    n = len(names)
    best = [[0.0 if i == j else math.inf for j in range(n)] for i in range(n)]
    seen: set[frozenset[int]] = set()
    for key, value in travel.items("links"):
        a, b, minutes = _link(key, value, names)
        if frozenset((a, b)) in seen:
            raise ConfigError(key, f'"{names[a]}" and "{names[b]}" are already linked')
        seen.add(frozenset((a, b)))
        best[a][b] = best[b][a] = minutes
    for k in range(n):
        for i in range(n):
            for j in range(n):
                best[i][j] = min(best[i][j], best[i][k] + best[k][j])
    for i, name in enumerate(names):
        if best[base][i] == math.inf:
            problem = f'no links reach "{name}" from the base "{names[base]}"'
            raise ConfigError(travel.key("links"), problem)
    return tuple(tuple(int(minutes) for minutes in row) for row in best)
