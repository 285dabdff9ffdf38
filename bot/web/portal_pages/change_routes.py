"""Moving and calling off a booking from the portal: GET and POST /portal/jobs/{ref}/move
(free times from the slot finder, ?day= for another day's) and /portal/jobs/{ref}/cancel.
Each runs as the customer's turn through handlers/shared/customer_changes.py, the chat's own
rules: a late change goes to the technician for approval, the technician's chat hears of
every change, and a booking that is not the customer's is a 404."""

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
from domain.slots import Slot
from handlers.kernel.turn import Turn
from handlers.shared import change_core
from handlers.shared.customer_changes import (
    Changed,
    Outcome,
    cancel_booking,
    late_charge,
    move_booking,
    own_booking,
)
from handlers.shared.new_booking import free_slots
from handlers.shared.wording import when_text

NOT_YOURS = "no coming booking of yours with that reference"
PICK_A_TIME = "Please choose one of the times offered."


@dataclass(frozen=True)
class Terms:
    """A booking as a change page shows it: when, whether it is late, the free times."""

    when: str
    late: bool
    charge: str
    slots: list[Slot]


@signed_in
async def move_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    return await _move_form(request, visit, "", status=200)


@signed_in
async def move(request: web.Request, visit: Visit) -> web.StreamResponse:
    reference = request.match_info["ref"]
    start = chosen_start((await posted_form(request)).get("start"))
    if start is None:
        return await _move_form(request, visit, PICK_A_TIME, status=400)

    async def move_it(turn: Turn) -> Changed | None:
        found = await own_booking(turn, reference)
        return await move_booking(turn, *found, start) if found else None

    changed = await request.app[PORTAL_ACTIONS].act(visit.customer_id, move_it)
    if changed is None:
        raise web.HTTPNotFound(text=NOT_YOURS)
    if changed.outcome is Outcome.REFUSED:
        return await _move_form(request, visit, changed.said, status=409)
    return _outcome(request, visit, reference, changed)


@signed_in
async def cancel_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    reference = request.match_info["ref"]
    terms = await _terms(request, visit, with_slots=False)
    ref = escape(reference)
    body = (
        f"{nav('', visit.csrf)}<h1>Call off {ref}?</h1>"
        f"<p>The visit on {escape(terms.when)} will be called off.{escape(terms.charge)}</p>"
        f"{_late_note(request, terms)}"
        f'<form method="post" action="/portal/jobs/{ref}/cancel">{csrf_field(visit.csrf)}'
        f'<button type="submit">Yes, call it off</button></form>'
        f'<p><a href="/portal/jobs/{ref}">Keep it</a></p>'
    )
    return page(request.app[BUSINESS].business, f"Call off {reference}", body)


@signed_in
async def cancel(request: web.Request, visit: Visit) -> web.StreamResponse:
    reference = request.match_info["ref"]

    async def cancel_it(turn: Turn) -> Changed | None:
        found = await own_booking(turn, reference)
        return await cancel_booking(turn, *found) if found else None

    changed = await request.app[PORTAL_ACTIONS].act(visit.customer_id, cancel_it)
    if changed is None:
        raise web.HTTPNotFound(text=NOT_YOURS)
    return _outcome(request, visit, reference, changed)


async def _move_form(
    request: web.Request, visit: Visit, error: str, *, status: int
) -> web.StreamResponse:
    reference = request.match_info["ref"]
    terms = await _terms(request, visit, with_slots=True)
    ref, zone = escape(reference), request.app[SETTINGS].business_zone
    path = f"/portal/jobs/{reference}/move"
    body = (
        f"{nav('', visit.csrf)}<h1>Move {ref}</h1>{said(error, error=True)}"
        f"<p>Now booked for {escape(terms.when)}.</p>{_late_note(request, terms)}"
        f'<form method="post" action="{escape(path)}">{csrf_field(visit.csrf)}'
        f"<fieldset><legend>Choose a new time</legend>"
        f"{slot_choices('start', terms.slots, zone)}</fieldset>"
        f'<button type="submit">Move it</button></form>'
        f"{day_picker(path, request.query.get('day', ''), {})}"
        f'<p><a href="/portal/jobs/{ref}">Keep it as it is</a></p>'
    )
    return page(request.app[BUSINESS].business, f"Move {reference}", body, status=status)


async def _terms(request: web.Request, visit: Visit, *, with_slots: bool) -> Terms:
    """The booking's terms, read as the customer's turn; a 404 when it is not theirs."""
    reference = request.match_info["ref"]
    day = chosen_day(request.query.get("day"))

    async def read(turn: Turn) -> Terms | None:
        found = await own_booking(turn, reference)
        if found is None:
            return None
        _, appointment = found
        slots: list[Slot] = []
        if with_slots:
            visit_of = change_core.visit_for(appointment)
            slots = await free_slots(turn, visit_of, moving=appointment.id, day=day)
        when = when_text(appointment.start, turn.calendar.zone)
        late = change_core.late(turn, appointment)
        return Terms(when, late, late_charge(turn, appointment), slots)

    terms = await request.app[PORTAL_ACTIONS].look(visit.customer_id, read)
    if terms is None:
        raise web.HTTPNotFound(text=NOT_YOURS)
    return terms


def _late_note(request: web.Request, terms: Terms) -> str:
    policy = request.app[BUSINESS].cancellation
    if not terms.late or not policy.late_change_needs_approval:
        return ""
    return (
        f'<p class="help">It is within {policy.free_change_until_hours} hours of the visit, '
        "so the technician is asked to approve a change first.</p>"
    )


def _outcome(
    request: web.Request, visit: Visit, reference: str, changed: Changed
) -> web.StreamResponse:
    ref = escape(reference)
    body = (
        f"{nav('', visit.csrf)}<h1>{ref}</h1>{said(changed.said)}"
        f'<p><a href="/portal/jobs/{ref}">Back to {ref}</a> · <a href="/portal">My jobs</a></p>'
    )
    return page(request.app[BUSINESS].business, reference, body)
