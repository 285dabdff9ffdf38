"""The business itself: who we are, when we work, what we sell, where we drive, and the rules."""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from domain.appointments import VisitMode
from domain.business_parsing import (
    WEEKDAYS,
    Fields,
    area_index,
    area_names,
    colour,
    distinct_minutes,
    fold,
    keys_of,
    load_shedding_ids,
    logo_file,
    opening_hours,
    problem_categories,
    shortest_minutes,
    visit_modes,
)
from domain.errors import ConfigError, DomainError, InvalidPhoneNumber
from domain.follow_up_parsing import follow_up_timings
from domain.phones import normalize_phone
from domain.privacy import DEFAULT_TERMS, PrivacyTerms
from domain.privacy_parsing import PRIVACY_KEYS, privacy_terms

COLOUR, LIGHT_COLOUR = "#0b5cad", "#e3efff"  # the pages' colours unless the business file says


@dataclass(frozen=True, slots=True)
class BusinessInfo:
    name: str
    phone: str  # E.164
    email: str
    address: str
    website: str | None = None
    vat_number: str | None = None  # None until the business is registered for VAT
    # What customers read about the business; a sentence is left out when its field is not set.
    tagline: str | None = None  # the greeting: "Welcome to <name>, <tagline>."
    what_we_do: str | None = None  # the help: "<name> <what_we_do>."
    # The look of the pages (and papers): the name shown, the logo, the colours.
    display_name: str | None = None  # None: the name
    logo: str | None = None  # a picture file, relative to the business file; None: ours
    colour: str = COLOUR  # the header, the buttons
    light_colour: str = LIGHT_COLOUR  # the customer's own messages

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name


@dataclass(frozen=True, slots=True)
class PaymentDetails:
    """Where customers pay an invoice by EFT."""

    bank: str
    account_name: str
    account_number: str
    branch_code: str
    reference_hint: str
    terms_days: int  # the invoice is due this many days after its date

    @property
    def placeholder(self) -> bool:
        """Still the made-up details of the bundled business file: no customer can pay them."""
        return (
            "placeholder" in self.bank.casefold()
            or set(self.account_number) == {"0"}
            or set(self.branch_code) == {"0"}
        )


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Per weekday (0 = Monday), the opening and closing time, or None when closed."""

    days: tuple[tuple[time, time] | None, ...]

    def for_weekday(self, weekday: int) -> tuple[time, time] | None:
        if not 0 <= weekday <= 6:  # a negative index would quietly answer for Sunday
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
        return self.days[weekday]


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    name: str
    description: str
    duration_minutes: int
    price_cents: int  # the "from" price in ZAR cents, VAT inclusive when prices_include_vat
    modes: frozenset[VisitMode]


@dataclass(frozen=True, slots=True)
class ServiceAreas:
    """The suburbs we visit and the shortest driving time between any two of them."""

    base: str
    names: tuple[str, ...]
    same_area_minutes: int
    minutes: tuple[tuple[int, ...], ...] = field(repr=False)  # rows and columns follow `names`
    # Our area name → the load-shedding schedule's own id for it (EskomSePush's area id).
    load_shedding_ids: Mapping[str, str] = field(default_factory=dict)

    def find(self, name: str) -> str | None:
        """The canonical name for what a customer typed: ' lombardy  east ' → 'Lombardy East'."""
        index = area_index(self.names, name)
        return None if index is None else self.names[index]

    def nearest(self, typed: str, count: int = 3) -> tuple[str, ...]:
        """Our areas spelt most like what was typed ('Lombardi East'), closest first."""
        folded = {fold(name): name for name in self.names}
        close = difflib.get_close_matches(fold(typed), folded, n=count, cutoff=0.6)
        return tuple(folded[name] for name in close)

    def travel_minutes(self, a: str, b: str) -> int:
        """Shortest driving minutes between two areas, spelt any way `find` accepts."""
        i, j = area_index(self.names, a), area_index(self.names, b)
        if i is None or j is None:
            raise DomainError(f'"{a if i is None else b}" is not one of our service areas')
        return self.same_area_minutes if i == j else self.minutes[i][j]


@dataclass(frozen=True, slots=True)
class BookingRules:
    slot_step_minutes: int
    min_notice_minutes: int
    max_days_ahead: int
    slots_offered: int  # how many free slots a customer is shown at once


@dataclass(frozen=True, slots=True)
class ReminderTimings:
    before_appointment_minutes: tuple[int, ...]  # largest first
    survey_after_completion_minutes: int
    flow_idle_timeout_minutes: int  # an unfinished conversation is dropped after this
    # Customers get no reminders or surveys from start to end (local time; may span midnight).
    quiet_hours: tuple[time, time] = (time(20, 0), time(7, 0))
    agenda_at: time = time(7, 0)  # the technician's agenda for the day, every morning
    maintenance_after_months: int = 6  # after a completed job; 0: none
    unpaid_invoice_after_days: int = 7  # after an invoice is issued and still unpaid; 0: none


@dataclass(frozen=True, slots=True)
class CancellationPolicy:
    free_change_until_hours: int  # before the appointment
    max_reschedules: int
    late_change_needs_approval: bool
    late_cancellation_fee_cents: int


@dataclass(frozen=True, slots=True)
class ProblemCategory:
    """A kind of problem for the figures: a job falls in the first category whose keywords
    appear in its words or whose services list the service booked."""

    name: str
    keywords: tuple[str, ...]
    services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BusinessConfig:
    business: BusinessInfo
    payment: PaymentDetails
    hours: OpeningHours
    services: tuple[Service, ...]
    areas: ServiceAreas
    booking: BookingRules
    reminders: ReminderTimings
    cancellation: CancellationPolicy
    prices_include_vat: bool
    vat_rate_percent: int
    problems: tuple[ProblemCategory, ...] = ()  # none listed: every job is "other"
    # Tracked work time is billed at this rate beside the service's price; 0: not billed.
    hourly_rate_cents: int = 0
    privacy: PrivacyTerms = DEFAULT_TERMS  # [privacy]: the notice, how long data is kept

    def service(self, code: str) -> Service | None:
        return next((service for service in self.services if service.code == code), None)


def load_business_config_text(text: str) -> BusinessConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("<file>", f"not valid TOML: {exc}") from exc
    return parse_business_config(data)


# The areas live under [travel] in the file: what the owner edits there is mostly road links.
_TOP_LEVEL = tuple("travel" if key == "areas" else key for key in keys_of(BusinessConfig)[0])


def parse_business_config(data: Mapping[str, Any]) -> BusinessConfig:
    root = Fields(data, "", _TOP_LEVEL, ("load_shedding", *keys_of(BusinessConfig)[1]))
    vat_rate = root.whole("vat_rate_percent", 0, "percent")
    if vat_rate > 100:
        raise ConfigError("vat_rate_percent", "must be at most 100")
    hours = root.table("hours", WEEKDAYS)
    booking = root.table("booking", *keys_of(BookingRules))
    reminders = root.table("reminders", *keys_of(ReminderTimings))
    cancellation = root.table("cancellation", *keys_of(CancellationPolicy))
    services = _services(root)
    return BusinessConfig(
        business=_business(root.table("business", *keys_of(BusinessInfo))),
        payment=_payment(root.table("payment", *keys_of(PaymentDetails))),
        hours=OpeningHours(tuple(opening_hours(hours, day) for day in WEEKDAYS)),
        services=services,
        areas=_areas(
            root.table("travel", ("base", "areas", "same_area_minutes", "links")),
            root.table("load_shedding", ("area_ids",)) if root.has("load_shedding") else None,
        ),
        booking=BookingRules(
            slot_step_minutes=booking.whole("slot_step_minutes", 1, "minutes"),
            min_notice_minutes=booking.whole("min_notice_minutes", 0, "minutes"),
            max_days_ahead=booking.whole("max_days_ahead", 1, "days"),
            slots_offered=booking.whole("slots_offered", 1, "slots"),
        ),
        reminders=ReminderTimings(
            before_appointment_minutes=distinct_minutes(reminders, "before_appointment_minutes"),
            survey_after_completion_minutes=reminders.whole(
                "survey_after_completion_minutes", 0, "minutes"
            ),
            flow_idle_timeout_minutes=reminders.whole("flow_idle_timeout_minutes", 1, "minutes"),
            **follow_up_timings(reminders),
        ),
        cancellation=CancellationPolicy(
            free_change_until_hours=cancellation.whole("free_change_until_hours", 0, "hours"),
            max_reschedules=cancellation.whole("max_reschedules", 0, "reschedules"),
            late_change_needs_approval=cancellation.flag("late_change_needs_approval"),
            late_cancellation_fee_cents=cancellation.whole(
                "late_cancellation_fee_cents", 0, "cents"
            ),
        ),
        prices_include_vat=root.flag("prices_include_vat"),
        vat_rate_percent=vat_rate,
        problems=_problems(root, services) if root.has("problems") else (),
        hourly_rate_cents=(
            root.whole("hourly_rate_cents", 0, "cents") if root.has("hourly_rate_cents") else 0
        ),
        privacy=privacy_terms(root.table("privacy", (), PRIVACY_KEYS))
        if root.has("privacy")
        else DEFAULT_TERMS,
    )


def _business(info: Fields) -> BusinessInfo:
    try:
        phone = normalize_phone(info.text("phone"))
    except InvalidPhoneNumber as exc:
        raise ConfigError(info.key("phone"), str(exc)) from exc
    vat_number = None
    if info.has("vat_number"):
        vat_number = info.matching("vat_number", r"4\d{9}", "expected 10 digits starting with 4")
    return BusinessInfo(
        name=info.text("name"),
        phone=phone,
        email=info.matching("email", r"[^@\s]+@[^@\s]+\.[^@\s]+", "expected an email address"),
        address=info.text("address"),
        website=info.text_if_set("website"),
        vat_number=vat_number,
        tagline=info.text_if_set("tagline"),
        what_we_do=info.text_if_set("what_we_do"),
        display_name=info.text_if_set("display_name"),
        logo=logo_file(info) if info.has("logo") else None,
        colour=colour(info, "colour", COLOUR),
        light_colour=colour(info, "light_colour", LIGHT_COLOUR),
    )


def _payment(payment: Fields) -> PaymentDetails:
    return PaymentDetails(
        bank=payment.text("bank"),
        account_name=payment.text("account_name"),
        account_number=payment.matching("account_number", r"\d{6,16}", "expected digits only"),
        branch_code=payment.matching("branch_code", r"\d{6}", "expected the 6-digit branch code"),
        reference_hint=payment.text("reference_hint"),
        terms_days=payment.whole("terms_days", 0, "days"),
    )


def _services(root: Fields) -> tuple[Service, ...]:
    services: list[Service] = []
    for key, value in root.items("services"):
        entry = Fields(value, key, *keys_of(Service))
        code = entry.matching("code", r"[a-z0-9]+(-[a-z0-9]+)*", "expected a-z, 0-9 and dashes")
        if any(service.code == code for service in services):
            raise ConfigError(entry.key("code"), f'"{code}" is used by another service')
        services.append(
            Service(
                code=code,
                name=entry.text("name"),
                description=entry.text("description"),
                duration_minutes=entry.whole("duration_minutes", 1, "minutes"),
                price_cents=entry.whole("price_cents", 0, "cents"),
                modes=visit_modes(entry),
            )
        )
    if not services:
        raise ConfigError("services", "list at least one service")
    return tuple(services)


def _problems(root: Fields, services: tuple[Service, ...]) -> tuple[ProblemCategory, ...]:
    categories = []
    for key, value in root.items("problems"):
        entry = Fields(value, key, *keys_of(ProblemCategory))
        name, keywords, codes = problem_categories(entry, {s.code for s in services})
        categories.append(ProblemCategory(name, keywords, codes))
    return tuple(categories)


def _areas(travel: Fields, load_shedding: Fields | None) -> ServiceAreas:
    names = area_names(travel)
    base = area_index(names, travel.text("base"))
    if base is None:
        raise ConfigError(travel.key("base"), f'"{travel.text("base")}" is not in travel.areas')
    return ServiceAreas(
        base=names[base],
        names=names,
        same_area_minutes=travel.whole("same_area_minutes", 0, "minutes"),
        minutes=shortest_minutes(travel, names, base),
        load_shedding_ids=load_shedding_ids(load_shedding, names) if load_shedding else {},
    )
