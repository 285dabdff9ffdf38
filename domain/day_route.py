"""A technician's day as a route: from the base through each on-site visit and back, with
remote work done wherever they are. Whether a new visit fits it, and what driving it adds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from domain.business import ServiceAreas


@dataclass(frozen=True, slots=True)
class Stop:
    start: datetime
    end: datetime
    area: str | None  # None: remote, done wherever the technician is

    def overlaps(self, other: Stop) -> bool:
        return self.start < other.end and other.start < self.end


def extra_driving(areas: ServiceAreas, opens: datetime, stops: list[Stop], new: Stop) -> int | None:
    """Minutes of driving `new` adds to the day; None when it does not fit: it overlaps a
    stop, or leaves too little time for a drive it causes (to it, or on from it)."""
    if any(stop.overlaps(new) for stop in stops):
        return None
    day = sorted([*stops, new], key=lambda stop: stop.start)
    if _late_arrivals(areas, day, opens) - _late_arrivals(areas, stops, opens):
        return None  # it makes someone (or itself) late
    return _driving(areas, day) - _driving(areas, stops)


def _late_arrivals(areas: ServiceAreas, day: list[Stop], opens: datetime) -> set[datetime]:
    """The on-site visits the technician cannot reach in time (keyed by start): the drive
    from the last place visited must fit in the free time before each one."""
    late: set[datetime] = set()
    place, free_from = areas.base, opens
    for stop in day:
        if stop.area is not None:
            drive = timedelta(minutes=areas.travel_minutes(place, stop.area))
            if stop.start - free_from < drive:
                late.add(stop.start)
            place = stop.area
        free_from = max(free_from, stop.end)
    return late


def _driving(areas: ServiceAreas, day: list[Stop]) -> int:
    """Minutes driven: from the base through every on-site visit and back."""
    visited = [stop.area for stop in day if stop.area]
    if not visited:
        return 0
    places = [areas.base, *visited, areas.base]
    return sum(areas.travel_minutes(a, b) for a, b in pairwise(places))
