"""The customer's privacy in chat: PRIVACY (what we keep, with their choices), MY DATA (a link
to everything held about them), CHECK-UPS ON / OFF (check-up reminders and offers, only with
their yes) and DELETE MY DATA (asked here, confirmed by the technician)."""

from __future__ import annotations

from datetime import timedelta

from domain.messages import Option
from domain.privacy import AuditAction, Consent, ConsentRecord
from handlers.customer.menu import main_menu
from handlers.kernel.turn import Turn
from handlers.shared.audit import audit
from handlers.shared.erasure_options import ERASE, KEEP
from handlers.shared.wording import channel_name

MY_DATA = Option("privacy.data", "My data")
MY_DETAILS = Option("privacy.details", "Correct my details")
CHECK_UPS_ON = Option("privacy.checkups.on", "Check-ups on")
CHECK_UPS_OFF = Option("privacy.checkups.off", "Check-ups off")
DELETE = Option("privacy.delete", "Delete my data")
DELETE_YES = Option("privacy.delete.yes", "Yes, delete my data")
KEEP_DATA = Option("privacy.keep", "No, keep it")
PREFIX = "privacy."
DATA_LINK_HOURS = 24


async def privacy_menu(turn: Turn) -> None:
    assert turn.me.id is not None
    link = turn.business.privacy.notice_link(turn.public_url)
    check_ups = await turn.uow.privacy.latest(turn.me.id, Consent.CHECK_UPS)
    state = "on" if check_ups else "off"
    turn.reply(
        f"Your privacy: we keep your details, our chats and your jobs to do your work "
        f"(full notice: {link}). Check-up reminders and offers are {state}. What would you like?",
        (MY_DATA, MY_DETAILS, CHECK_UPS_OFF if check_ups else CHECK_UPS_ON, DELETE),
    )


async def my_data(turn: Turn) -> None:
    assert turn.me.id is not None
    url = await turn.links.data_page(turn.me.id, timedelta(hours=DATA_LINK_HOURS))
    await audit(turn, AuditAction.EXPORTED, turn.me.id, "asked for a data link")
    turn.reply(
        f"Here is everything we hold about you, to download: {url}\n"
        f"The link is yours alone and works for {DATA_LINK_HOURS} hours.",
    )


async def check_ups_on(turn: Turn) -> None:
    await _check_ups(turn, True)
    turn.reply(
        "Thank you! We'll remind you of a check-up now and then. Reply CHECK-UPS OFF any time.",
        main_menu(),
    )


async def check_ups_off(turn: Turn) -> None:
    await _check_ups(turn, False)
    turn.reply(
        "Done: no check-up reminders or offers. Updates about your jobs still reach you. "
        "Reply CHECK-UPS ON if you change your mind.",
        main_menu(),
    )


async def _check_ups(turn: Turn, yes: bool) -> None:
    assert turn.me.id is not None
    consent = ConsentRecord(
        turn.me.id, Consent.CHECK_UPS, yes, turn.clock.now(), turn.inbound.channel
    )
    await turn.uow.privacy.record_consent(consent)
    await audit(turn, AuditAction.CHANGED, turn.me.id, f"check-ups {'on' if yes else 'off'}")


async def ask_to_delete(turn: Turn) -> None:
    turn.reply(
        "Delete everything we hold about you? Your details, chats, jobs' notes and photos are "
        "removed; only tax invoices stay, as the law requires (for "
        f"{turn.business.privacy.invoice_years} years). The technician confirms it, and after "
        "that you won't hear from us unless you write again.",
        (DELETE_YES, KEEP_DATA),
    )


async def confirm_delete(turn: Turn) -> None:
    assert turn.me.id is not None
    customer_id = turn.me.id
    await audit(turn, AuditAction.ERASURE_ASKED, customer_id)
    turn.reply(
        "Thank you. The technician will confirm your request shortly; everything is then "
        "deleted as described.",
    )
    jobs = await turn.uow.jobs.for_customer(customer_id)
    turn.tell_admins(
        f"Customer #{customer_id} ({turn.me.name or 'no name'}, "
        f"{channel_name(turn.inbound.channel)}, {len(jobs)} job(s)) asks to have their data "
        "deleted. Issued invoices are kept by law; everything else goes.",
        options=(
            Option(f"{ERASE}{customer_id}", "Delete their data"),
            Option(f"{KEEP}{customer_id}", "Not now"),
        ),
    )


async def kept(turn: Turn) -> None:
    turn.reply("Nothing was deleted. What would you like to do?", main_menu())


async def privacy_option(turn: Turn, rest: str) -> None:
    """A privacy button, by the rest of its id."""
    chosen = {
        MY_DATA.id: my_data,
        CHECK_UPS_ON.id: check_ups_on,
        CHECK_UPS_OFF.id: check_ups_off,
        DELETE.id: ask_to_delete,
        DELETE_YES.id: confirm_delete,
        KEEP_DATA.id: kept,
    }.get(PREFIX + rest)
    await (chosen or privacy_menu)(turn)
