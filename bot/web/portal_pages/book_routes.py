"""Booking a new visit from the portal: GET /portal/book (what is wrong, which service, remote
or at your place, where), POST /portal/book with step=times (the free times, from the same
slot finder as the chat) and step=book (kept through handlers/shared/new_booking.py, the
chat's own booking: the time checked again, reminders planned, the technician shown the job
card). Every answer is checked here the way the chat checks it; what is wrong is said."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from aiohttp import web

from bot.keys import BUSINESS, SETTINGS
from bot.web.pages import page
from bot.web.portal.session_cookie import Visit, signed_in
from bot.web.portal_pages.actions import PORTAL_ACTIONS
from bot.web.portal_pages.views import (
    chosen_day,
    chosen_start,
    csrf_field,
    day_picker,
    nav,
    said,
    slot_choices,
)
from bot.web.site import posted_form
from domain.appointments import VisitMode
from domain.business import BusinessConfig, Service
from domain.slots import Slot
from domain.slots import Visit as SlotVisit
from handlers.customer.booking import MIN_ADDRESS
from handlers.kernel.turn import Turn
from handlers.shared.new_booking import Booked, NewBooking, book, free_slots

MAX_PROBLEM = 1000
MODE_LABELS = {VisitMode.REMOTE: "Remotely (we connect to your computer)",
               VisitMode.ON_SITE: "At my place"}  # fmt: skip
ANSWERS = ("problem", "service", "mode", "area", "address")


@dataclass(frozen=True)
class Wanted:
    problem: str
    service: Service
    visit: SlotVisit
    address: str | None


@signed_in
async def book_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    return _ask(request, visit, {}, "")


@signed_in
async def book_step(request: web.Request, visit: Visit) -> web.StreamResponse:
    form = await posted_form(request)
    answers = {
        k: str(form.get(k, "")).strip() for k in ("problem", "service", "mode", "area", "address")
    }
    wanted = _read(request.app[BUSINESS], answers)
    if isinstance(wanted, str):
        return _ask(request, visit, answers, wanted, status=400)
    if form.get("step") != "book":
        return await _times(request, visit, answers, wanted, "")
    start = chosen_start(form.get("start"))
    if start is None:
        return await _times(request, visit, answers, wanted, "Please choose one of the times.")
    new = NewBooking(
        wanted.problem, wanted.service, wanted.visit, start, address=wanted.address,
        via="the portal",
    )  # fmt: skip

    async def book_it(turn: Turn) -> Booked | str:
        return await book(turn, new)

    booked = await request.app[PORTAL_ACTIONS].act(visit.customer_id, book_it)
    if isinstance(booked, str):
        return await _times(request, visit, answers, wanted, booked, status=409)
    ref = escape(booked.job.reference)
    body = (
        f"{nav('/portal/book', visit.csrf)}<h1>Booked: {ref}</h1>"
        f"{said(f'{booked.job.reference}: {wanted.service.name} on {booked.when}.')}"
        f'<p><a href="/portal/jobs/{ref}">Follow {ref}</a> · <a href="/portal">My jobs</a></p>'
    )
    return page(request.app[BUSINESS].business, "Booked", body)


def _read(business: BusinessConfig, answers: dict[str, str]) -> Wanted | str:
    """The booking asked for, or what is wrong with the answers."""
    problem = answers["problem"]
    if not problem:
        return "Please describe the problem in a few words."
    service = business.service(answers["service"])
    if service is None:
        return "Please choose one of our services."
    only = next(iter(service.modes)) if len(service.modes) == 1 else None
    try:
        mode = VisitMode(answers["mode"]) if answers["mode"] else only
    except ValueError:
        mode = None
    if mode not in service.modes:
        return f"{service.name} is not offered that way: choose how we should help."
    if mode is VisitMode.REMOTE:
        return Wanted(
            problem[:MAX_PROBLEM], service, SlotVisit(service.duration_minutes, mode, None), None
        )
    area = business.areas.find(answers["area"])
    if area is None:
        return f"Please choose your area; we visit around {business.areas.base}."
    address = answers["address"]
    if len(address) < MIN_ADDRESS:
        return "Please type the street and number."
    visit = SlotVisit(service.duration_minutes, mode, area)
    return Wanted(problem[:MAX_PROBLEM], service, visit, address[:300])


def _ask(
    request: web.Request, visit: Visit, answers: dict[str, str], error: str, *, status: int = 200
) -> web.StreamResponse:
    business = request.app[BUSINESS]
    services = "".join(
        f'<option value="{escape(s.code)}"{_picked(answers, "service", s.code)}>'
        f"{escape(s.name)}</option>"
        for s in business.services
    )
    modes = "".join(
        f'<li><label><input type="radio" name="mode" value="{m}"'
        f"{_checked(answers, 'mode', m, first=m is VisitMode.REMOTE)}> {escape(label)}</label></li>"
        for m, label in MODE_LABELS.items()
    )
    areas = "".join(
        f"<option{_picked(answers, 'area', a)}>{escape(a)}</option>" for a in business.areas.names
    )
    body = f"""{nav("/portal/book", visit.csrf)}<h1>Book a visit</h1>{said(error, error=True)}
<form method="post" action="/portal/book" class="booking">{csrf_field(visit.csrf)}
<input type="hidden" name="step" value="times">
<label for="problem">What's going wrong?</label>
<textarea id="problem" name="problem" required maxlength="{MAX_PROBLEM}" rows="3">
{escape(answers.get("problem", ""))}</textarea>
<label for="service">Service</label><select id="service" name="service">{services}</select>
<fieldset><legend>How should we help?</legend><ul class="choices">{modes}</ul></fieldset>
<label for="area">Your area (for a visit at your place)</label>
<select id="area" name="area"><option value="">Choose…</option>{areas}</select>
<label for="address">Street address (for a visit at your place)</label>
<input id="address" name="address" autocomplete="street-address"
  value="{escape(answers.get("address", ""))}">
<button type="submit">See free times</button></form>"""
    return page(business.business, "Book a visit", body, status=status)


async def _times(
    request: web.Request,
    visit: Visit,
    answers: dict[str, str],
    wanted: Wanted,
    error: str,
    *,
    status: int = 200,
) -> web.StreamResponse:
    day = chosen_day(str((await posted_form(request)).get("day", "")))

    async def offer(turn: Turn) -> list[Slot]:
        return await free_slots(turn, wanted.visit, day=day)

    slots = await request.app[PORTAL_ACTIONS].look(visit.customer_id, offer)
    zone = request.app[SETTINGS].business_zone
    kept = "".join(
        f'<input type="hidden" name="{k}" value="{escape(v)}">' for k, v in answers.items()
    )
    again = answers | {"step": "times"}
    where = "remotely" if wanted.address is None else f"at {wanted.address}, {wanted.visit.area}"
    body = f"""{nav("/portal/book", visit.csrf)}<h1>Choose a time</h1>{said(error, error=True)}
<p>{escape(wanted.service.name)}, {escape(where)}.</p>
<form method="post" action="/portal/book">{csrf_field(visit.csrf)}{kept}
<input type="hidden" name="step" value="book">
<fieldset><legend>Free times</legend>{slot_choices("start", slots, zone)}</fieldset>
<button type="submit">Book it</button></form>
{day_picker("/portal/book", day.isoformat() if day else "", again, visit.csrf)}
<p><a href="/portal/book">Start again</a></p>"""
    return page(request.app[BUSINESS].business, "Choose a time", body, status=status)


def _picked(answers: dict[str, str], name: str, value: str) -> str:
    return " selected" if answers.get(name) == value else ""


def _checked(answers: dict[str, str], name: str, value: str, *, first: bool) -> str:
    given = answers.get(name)
    return " checked" if given == value or (not given and first) else ""
