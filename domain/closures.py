"""What keeps times from being offered beyond the opening hours and holidays: the technician's
days off, power cuts (load-shedding) in the areas we visit, and the times the technician's own
calendar (Google's) shows as busy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
class BusyTime:
    """A time the technician's own calendar is taken (UTC), by something we did not book."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise DomainError("busy times must carry a time zone")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.end


def others_only(
    busy: tuple[BusyTime, ...], ours: Sequence[tuple[datetime, datetime]]
) -> tuple[BusyTime, ...]:
    """The busy times left once our own visits (written to the same calendar) are taken out:
    what the technician has on besides, which a move must not trip over."""
    left = list(busy)
    for start, end in ours:
        pieces: list[BusyTime] = []
        for times in left:
            if not times.overlaps(start, end):
                pieces.append(times)
                continue
            if times.start < start:
                pieces.append(BusyTime(times.start, start))
            if end < times.end:
                pieces.append(BusyTime(end, times.end))
        left = pieces
    return tuple(left)


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
    busy: tuple[BusyTime, ...] = ()

    def day_off(self, day: date) -> DaysOff | None:
        return next((off for off in self.days_off if off.covers(day)), None)

    def power_cut(self, area: str | None, start: datetime, end: datetime) -> PowerCut | None:
        """The first power cut in `area` between start and end; None when the power stays on."""
        cuts = self.power_cuts.get(area, ()) if area else ()
        return next((cut for cut in sorted(cuts, key=_start) if cut.overlaps(start, end)), None)

    def busy_during(self, start: datetime, end: datetime) -> bool:
        """The technician's own calendar is taken at some moment between start and end."""
        return any(busy.overlaps(start, end) for busy in self.busy)

    def updated(
        self,
        days_off: tuple[DaysOff, ...],
        power_cuts: Mapping[str, tuple[PowerCut, ...]],
        busy: tuple[BusyTime, ...] = (),
    ) -> Closures:
        """The same policy with the closures as they stand now."""
        return replace(self, days_off=days_off, power_cuts=power_cuts, busy=busy)


def _start(cut: PowerCut) -> datetime:
    return cut.start
