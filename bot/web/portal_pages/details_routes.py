"""GET and POST /portal/details: the customer's name, phone, e-mail, address, the channels that
reach them and their reminders. What the chat lets them change (their name at booking, their
reminders with NO REMINDERS / REMINDERS ON) they change here, through the same handler; a
phone or e-mail is changed only by proving it (signing in with it), never by typing it."""

from __future__ import annotations

from html import escape

from aiohttp import web

from bot.keys import BUSINESS, SESSIONS
from bot.web.pages import page
from bot.web.portal.session_cookie import Visit, signed_in
from bot.web.portal_pages.actions import PORTAL_ACTIONS
from bot.web.portal_pages.views import csrf_field, nav, said
from bot.web.site import posted_form
from domain.customers import Customer
from domain.phones import local_phone
from handlers.customer.reminder_prefs import set_reminders
from handlers.kernel.turn import Turn
from handlers.shared.wording import channel_name
from storage.unit_of_work import SqlUnitOfWork

MAX_NAME = 100


@signed_in
async def details_page(request: web.Request, visit: Visit) -> web.StreamResponse:
    return await _show(request, visit.customer_id, visit.csrf, "")


@signed_in
async def change_details(request: web.Request, visit: Visit) -> web.StreamResponse:
    form = await posted_form(request)
    name = " ".join(str(form.get("name", "")).split())
    if len(name) < 2 or len(name) > MAX_NAME:
        error = f"Please type your name (2 to {MAX_NAME} characters)."
        return await _show(request, visit.customer_id, visit.csrf, error, status=400)
    reminders = form.get("reminders") == "on"

    async def keep(turn: Turn) -> None:
        me = turn.me
        if me.name != name:
            me.name = name
            await turn.uow.customers.update(me)
        assert me.id is not None
        if await turn.uow.reminder_preferences.reminders_off(me.id) == reminders:
            await set_reminders(turn, reminders)  # the chat's own: what it says, the page says

    await request.app[PORTAL_ACTIONS].act(visit.customer_id, keep)
    return await _show(request, visit.customer_id, visit.csrf, "Saved.", done=True)


async def _show(
    request: web.Request,
    customer_id: int,
    csrf: str,
    message: str,
    *,
    status: int = 200,
    done: bool = False,
) -> web.StreamResponse:
    async with SqlUnitOfWork(request.app[SESSIONS]) as uow:
        customer = await uow.customers.get(customer_id)
        if customer is None:
            raise web.HTTPNotFound(text="no such customer")
        reminders_on = not await uow.reminder_preferences.reminders_off(customer_id)
        jobs = await uow.jobs.for_customer(customer_id)
    address = next((j.address for j in reversed(jobs) if j.address), None)
    checked = " checked" if reminders_on else ""
    body = f"""{nav("/portal/details", csrf)}<h1>My details</h1>{said(message, error=not done)}
<form method="post" action="/portal/details" class="details">{csrf_field(csrf)}
<label for="name">Name</label>
<input id="name" name="name" autocomplete="name" required maxlength="{MAX_NAME}"
  value="{escape(customer.name)}">
<label class="check"><input type="checkbox" name="reminders" value="on"{checked}>
Remind me before each appointment</label>
<button type="submit">Save</button></form>
<h2>How we reach you</h2>
<dl class="facts">
<dt>Phone</dt><dd>{escape(local_phone(customer.phone)) if customer.phone else "none yet"}</dd>
<dt>E-mail</dt><dd>{escape(customer.email or "none yet")}</dd>
<dt>Address</dt><dd>{escape(address or "none yet (it is asked at an on-site booking)")}</dd>
<dt>Linked channels</dt><dd>{_channels(customer)}</dd>
</dl>
<p class="help">A new phone number or e-mail is added by signing in with it, so that we know
it is yours.</p>"""
    return page(request.app[BUSINESS].business, "My details", body, status=status)


def _channels(customer: Customer) -> str:
    names = sorted({channel_name(i.channel) for i in customer.identities})
    return escape(", ".join(names)) if names else "none"
