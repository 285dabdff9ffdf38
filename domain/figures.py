"""Business figures as plain numbers: what the database counted and summed for a period, and
the few sums made from them here (drive time, revenue per hour). Wording lives at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple

from domain.business import ProblemCategory, ServiceAreas
from domain.periods import Period

# Ages of unpaid invoices, in days: up to 7, 8-30, 31-60, over 60.
UNPAID_AGES = (7, 30, 60)
LOW_SCORE = 2  # this score or lower is a complaint worth reading
LOW_SCORES_SHOWN = 10
TOP_CUSTOMERS = 5


@dataclass(frozen=True, slots=True)
class FigureQuery:
    """What the database needs to count a period: its bounds in UTC, its months, the local
    offset for weekdays and months of the year, the problem categories, and "now"."""

    start: datetime
    end: datetime
    months: tuple[tuple[str, datetime, datetime], ...]
    utc_offset_minutes: int
    categories: tuple[ProblemCategory, ...]
    now: datetime
    period: Period


def figure_query(
    period: Period, zone: tzinfo, categories: tuple[ProblemCategory, ...], now: datetime
) -> FigureQuery:
    start, end = period.bounds(zone)
    offset = start.astimezone(zone).utcoffset() or timedelta()
    months = tuple((label, first, last) for label, (first, last) in period.months(zone))
    minutes = int(offset.total_seconds() // 60)
    return FigureQuery(start, end, months, minutes, categories, now, period)


@dataclass(frozen=True, slots=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Amounts:
    """Money under one label, in cents: net of VAT and the VAT on it."""

    label: str
    net: int
    vat: int

    @property
    def gross(self) -> int:
        return self.net + self.vat


@dataclass(frozen=True, slots=True)
class Revenue:
    """Invoiced (issued or paid) and paid (marked paid), by service, area and month."""

    invoiced: Amounts
    paid: Amounts
    by_service: tuple[tuple[Amounts, Amounts], ...]  # (invoiced, paid) per label
    by_area: tuple[tuple[Amounts, Amounts], ...]
    by_month: tuple[tuple[Amounts, Amounts], ...]


@dataclass(frozen=True, slots=True)
class Lead:
    """How long jobs took from request to a step, on average, over the jobs that reached it."""

    step: str
    jobs: int
    average_minutes: int | None


@dataclass(frozen=True, slots=True)
class LowScore:
    reference: str
    score: int
    comment: str


@dataclass(frozen=True, slots=True)
class Satisfaction:
    answers: int
    average: float | None
    distribution: tuple[Tally, ...]  # scores 1 to 5
    low: tuple[LowScore, ...]


@dataclass(frozen=True, slots=True)
class CustomerValue:
    name: str
    jobs: int
    paid: int  # cents, gross: all they have paid


@dataclass(frozen=True, slots=True)
class Customers:
    served: int  # with a job in the period
    returning: int  # of those, with more than one job so far
    top: tuple[CustomerValue, ...]


@dataclass(frozen=True, slots=True)
class ServiceEffort:
    """A service's net revenue in the period and the time its invoiced jobs took."""

    service: str
    net: int
    tracked_minutes: int
    visits: tuple[Tally, ...]  # on-site visits per area

    def drive_minutes(self, areas: ServiceAreas, base: str) -> int:
        """There and back from the base for every visit."""
        return sum(2 * areas.travel_minutes(base, v.label) * v.count for v in self.visits)

    def per_hour(self, areas: ServiceAreas, base: str) -> int | None:
        """Net cents per hour worked and driven; None when no time was recorded."""
        minutes = self.tracked_minutes + self.drive_minutes(areas, base)
        return None if minutes == 0 else (self.net * 120 + minutes) // (2 * minutes)


@dataclass(frozen=True, slots=True)
class UnpaidAge:
    label: str
    invoices: int
    gross: int


@dataclass(frozen=True, slots=True)
class Figures:
    period: Period
    jobs: int
    by_service: tuple[Tally, ...]
    by_area: tuple[Tally, ...]
    problems: tuple[Tally, ...]
    leads: tuple[Lead, ...]
    satisfaction: Satisfaction
    revenue: Revenue
    by_month_of_year: tuple[Tally, ...]
    by_weekday: tuple[Tally, ...]
    customers: Customers
    effort: tuple[ServiceEffort, ...]
    unpaid: tuple[UnpaidAge, ...]

    @property
    def empty(self) -> bool:
        return _nothing_happened(self.jobs, self.revenue, self.satisfaction)


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """The few figures the Monday summary tells (the rest would read the whole history, as a
    customer's lifetime value does, for lines the summary doesn't show)."""

    period: Period
    jobs: int
    problems: tuple[Tally, ...]
    satisfaction: Satisfaction
    revenue: Revenue
    unpaid: tuple[UnpaidAge, ...]

    @property
    def empty(self) -> bool:
        return _nothing_happened(self.jobs, self.revenue, self.satisfaction)


def _nothing_happened(jobs: int, revenue: Revenue, satisfaction: Satisfaction) -> bool:
    """Nothing happened in the period: no job, no invoice, no survey answer."""
    return jobs == 0 and revenue.invoiced.gross == 0 and satisfaction.answers == 0


class InvoiceEntry(NamedTuple):
    """One invoice as the accountant reads it (the CSV export). A named tuple: a year's export
    makes tens of thousands, and a frozen dataclass costs several times as much to build."""

    number: int
    issued_at: datetime
    reference: str
    customer: str
    service: str
    status: str
    net: int
    vat: int

    @property
    def gross(self) -> int:
        return self.net + self.vat


def unpaid_age_labels() -> tuple[str, ...]:
    lows = (0, *(days + 1 for days in UNPAID_AGES[:-1]))
    spans = [f"{low}-{high} days" for low, high in zip(lows, UNPAID_AGES, strict=True)]
    return (*spans, f"over {UNPAID_AGES[-1]} days")
