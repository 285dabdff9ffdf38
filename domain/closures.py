"""What keeps times from being offered beyond the opening hours and holidays: the technician's
days off, and power cuts (load-shedding) in the areas we visit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class DaysOff:
    """Leave or a day off: every day from `first` to `last`, both included."""

    first: date
    last: date
    id: int | None = None

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DomainError("days off must end on or after their first day")

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class PowerCut:
    """A time without power in one area (UTC); `note` says which stage or who set it."""

    start: datetime
    end: datetime
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise DomainError("power cut times must carry a time zone")
        if self.end <= self.start:
            raise DomainError("a power cut must end after it starts")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class KnownSchedule:
    """The last schedule a source gave for one of its areas, and when it was last asked."""

    cuts: tuple[PowerCut, ...]
    checked_at: datetime


@dataclass(frozen=True, slots=True)
class Closures:
    """Days off, and power cuts by our area name. With `warn_only` an on-site visit during a
    power cut is still offered, flagged, rather than left out."""

    days_off: tuple[DaysOff, ...] = ()
    power_cuts: Mapping[str, tuple[PowerCut, ...]] = field(default_factory=dict)
    warn_only: bool = False

    def day_off(self, day: date) -> DaysOff | None:
        return next((off for off in self.days_off if off.covers(day)), None)

    def power_cut(self, area: str | None, start: datetime, end: datetime) -> PowerCut | None:
        """The first power cut in `area` between start and end; None when the power stays on."""
        cuts = self.power_cuts.get(area, ()) if area else ()
        return next((cut for cut in sorted(cuts, key=_start) if cut.overlaps(start, end)), None)

    def updated(
        self, days_off: tuple[DaysOff, ...], power_cuts: Mapping[str, tuple[PowerCut, ...]]
    ) -> Closures:
        """The same policy with the closures as they stand now."""
        return replace(self, days_off=days_off, power_cuts=power_cuts)


def _start(cut: PowerCut) -> datetime:
    return cut.start
