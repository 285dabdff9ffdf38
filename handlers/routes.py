"""Everything a customer or the technician may send, declared once: commands, keywords,
options, flows and the special cases that come first, each chat in the order it is tried.
Adding a command is one entry here and one function in its room; help texts and Telegram's
command menus are read from these tables (handlers/kernel/router.py does the dispatching)."""

from __future__ import annotations

from handlers.customer import (
    booking,
    changes,
    email_choices,
    menu,
    my_documents,
    my_jobs,
    portal_link,
    privacy,
    talk,
)
from handlers.customer.booking_flow import BookingState, waits_for_phone
from handlers.customer.change_options import ACTION, JOB, ChangeState
from handlers.customer.identity import identify, link_shared_phone
from handlers.customer.my_details import PREFIX as DETAILS
from handlers.customer.my_details import DetailsState, choose_field, my_details, take_detail
from handlers.customer.my_email import EmailState, continue_email, start_email
from handlers.customer.privacy_notice import notice_on_first_reply
from handlers.customer.reminder_prefs import change_reminders
from handlers.customer.subscription import handle_subscription
from handlers.customer.survey import PREFIX as SURVEY
from handlers.customer.survey import (
    CommentState,
    take_comment,
    take_survey_button,
    take_typed_score,
    typing_a_score,
)
from handlers.kernel import registry
from handlers.kernel.registry import (
    AdminCommand,
    Chat,
    Command,
    Flow,
    Keyword,
    OptionPrefix,
    Stage,
    by_flow_name,
    by_name,
    by_word,
    when,
)
from handlers.kernel.router import any_slash_command, dispatch, strict_command, take_typed_option
from handlers.kernel.turn import Turn
from handlers.shared.erasure_options import ERASE, KEEP
from handlers.shared.job_card import ACTION as CARD_ACTION
from handlers.shared.job_card import CARD, STATUS
from handlers.technician import (
    admin,
    calendar_feed,
    days_off,
    documents,
    job_records,
    job_status,
    load_shedding,
    payments,
    privacy_admin,
)
from handlers.technician.agenda import mark_urgent
from handlers.technician.approvals import APPROVE, DECLINE, approve, decline
from handlers.technician.figures_chat import figures
from handlers.technician.job_card import show_card
from handlers.technician.job_photos import file_photos
from handlers.technician.portal_access import hand_over_link, sign_out_customer
from handlers.technician.relay import reply_to_customer
from handlers.technician.say import say
from handlers.technician.status_links import revoke_links, send_fresh_link

# -- the customer ------------------------------------------------------------------------------

CHECK_UPS_ON_WORDS = ("check-ups on", "checkups on", "check ups on", "yes check-ups")
CHECK_UPS_OFF_WORDS = ("check-ups off", "checkups off", "check ups off", "no check-ups")


async def _customer_opening(turn: Turn) -> bool:
    """Who is writing; STOP and START answered here; an option typed by its number or words
    taken as chosen; files refused beside good ones named (the good ones go on)."""
    await identify(turn)
    if await handle_subscription(turn):
        return True
    take_typed_option(turn)
    if turn.inbound.refused_media and turn.inbound.media:
        menu.note_refused_media(turn)
    return False


async def _not_understood(turn: Turn, command: str) -> None:
    await menu.not_understood(turn)


# Tried in this order; the first that takes the message answers it.
CUSTOMER = Chat(
    opening=_customer_opening,
    order=(
        # A contact shared, unless it answers the booking's question for a phone number.
        when(lambda t: bool(t.inbound.shared_phone) and not waits_for_phone(t), link_shared_phone),
        # Only files we do not keep came.
        when(lambda t: bool(t.inbound.refused_media) and not t.inbound.media, menu.refused_media),
        change_reminders,  # NO REMINDERS, REMINDERS ON: even inside a flow
        when(typing_a_score, take_typed_score),  # "4 great job" after a survey
        Stage.OPTIONS,
        Stage.COMMANDS,
        Stage.KEYWORDS,
        Stage.FLOWS,
        when(lambda t: bool(t.inbound.media), talk.pass_on_unprompted),  # for the technician
    ),
    otherwise=talk.in_session_or_not_understood,
    command=strict_command,
    unknown_command=_not_understood,
    options={
        menu.BOOK.id: booking.start_booking,
        menu.MY_JOBS.id: my_jobs.my_jobs,
        menu.TALK.id: talk.start_talking,
        menu.PORTAL.id: portal_link.open_my_portal,
        menu.HELP.id: menu.help_text,
    },
    prefixes=(
        OptionPrefix(SURVEY, take_survey_button),
        OptionPrefix(JOB, changes.start_change),  # a booking picked from My jobs
        OptionPrefix(ACTION, changes.reopen_change),  # a button of an earlier change
        OptionPrefix(email_choices.PREFIX, email_choices.change_route),
        OptionPrefix(privacy.PREFIX, privacy.privacy_option),
        OptionPrefix(DETAILS, choose_field),
    ),
    commands=by_name(
        [
            Command("start", menu.start, "main menu"),
            Command("menu", menu.show_menu),
            Command("book", booking.start_booking, "book a service"),
            Command("jobs", my_jobs.my_jobs, "my jobs and their status"),
            Command("status", my_jobs.my_jobs),
            Command("talk", talk.start_talking, "talk to the technician"),
            Command("help", menu.help_text, "how this works"),
            Command("documents", my_documents.my_documents, "my reports, invoices and photos"),
            Command("email", start_email, "my e-mail address"),
            Command("emailsettings", email_choices.show_choices),
            Command("portal", portal_link.open_my_portal, "open my portal"),
            Command("privacy", privacy.privacy_menu, "my data, check-ups, deleting my data"),
            Command("mydata", privacy.my_data),
            Command("mydetails", my_details),
            Command("checkups", privacy.check_ups_on),
            Command("nocheckups", privacy.check_ups_off),
            Command("deletemydata", privacy.ask_to_delete),
        ]
    ),
    keywords=by_word(
        [
            Keyword(("menu", "cancel", "stop"), menu.show_menu, leaves_flows=True),
            Keyword(("hi", "hello"), menu.start),
            Keyword(("help", "info"), menu.help_text),
            Keyword(("book",), booking.start_booking),
            Keyword(("status", "jobs", "my jobs"), my_jobs.my_jobs),
            Keyword(("talk",), talk.start_talking),
            Keyword(("documents", "my documents"), my_documents.my_documents),
            Keyword(("my email", "email", "my e-mail", "e-mail"), start_email),
            Keyword(("email settings", "e-mail settings"), email_choices.show_choices),
            Keyword(
                ("portal", "open my portal", "my portal", "sign in"), portal_link.open_my_portal
            ),
            Keyword(("privacy",), privacy.privacy_menu),
            Keyword(("my data", "mydata"), privacy.my_data),
            Keyword(("my details", "mydetails"), my_details),
            Keyword(CHECK_UPS_ON_WORDS, privacy.check_ups_on),
            Keyword(CHECK_UPS_OFF_WORDS, privacy.check_ups_off),
            Keyword(("delete my data", "delete me"), privacy.ask_to_delete),
        ]
    ),
    flows=by_flow_name(
        [
            Flow(BookingState, booking.continue_booking),
            Flow(ChangeState, changes.continue_change, options=(ACTION,)),
            Flow(talk.TalkState, talk.pass_on),
            Flow(CommentState, take_comment),
            Flow(EmailState, continue_email),
            Flow(DetailsState, take_detail),
        ]
    ),
    put_aside="That was left for a while, so I've put it aside.",
)

# -- the technician ----------------------------------------------------------------------------


async def _help(turn: Turn, args: str) -> None:
    admin.show_help(turn, registry.menu(ADMIN))


# Tried in this order; the first that takes the message answers it.
ADMIN = Chat(
    order=(
        Stage.OPTIONS,
        Stage.COMMANDS,
        reply_to_customer,  # a reply to a customer's message is for them, always
        when(lambda t: bool(t.inbound.media), file_photos),
        when(lambda t: bool(t.inbound.refused_media), admin.not_kept),
        Stage.FLOWS,
    ),
    otherwise=admin.not_a_command,
    command=any_slash_command,
    unknown_command=admin.unknown_command,
    commands_end_flow=True,
    prefixes=(
        OptionPrefix(APPROVE, approve),
        OptionPrefix(DECLINE, decline),
        OptionPrefix(documents.PREFIX, documents.decide),
        OptionPrefix(CARD, show_card, ends_flow=True),
        OptionPrefix(STATUS, job_status.choose_status, ends_flow=True),
        OptionPrefix(CARD_ACTION, admin.card_action, ends_flow=True),
        OptionPrefix(days_off.REMOVE, days_off.remove),
        OptionPrefix(load_shedding.REMOVE, load_shedding.remove),
        OptionPrefix(ERASE, privacy_admin.erase),
        OptionPrefix(KEEP, privacy_admin.keep),
    ),
    commands=by_name(
        [
            AdminCommand("help", "what I can do here", _help),
            AdminCommand("start", "", _help),
            AdminCommand("queue", "open jobs, urgent first", admin.queue),
            AdminCommand("today", "today's visits, with the drives between them", admin.today),
            AdminCommand("week", "the coming week's visits", admin.week),
            AdminCommand("urgent", "put a job first in the queue: /urgent BG-1001", mark_urgent),
            AdminCommand("job", "a job's card with its status buttons: /job BG-1001", show_card),
            AdminCommand(
                "eta", "a new arrival time for the customer: /eta BG-1001 20", job_status.eta
            ),
            AdminCommand("say", "message a job's customer: /say BG-1001 text", say),
            AdminCommand("history", "a job's conversation: /history BG-1001", job_records.history),
            AdminCommand(
                "note",
                "a note: /note BG-1001 text (add 'visible' first for one the customer sees)",
                job_records.note,
            ),
            AdminCommand("time", "log work time: /time BG-1001 +45m", job_records.log_time),
            AdminCommand(
                "report",
                "the service report PDF, shown to you, sent on your OK: /report BG-1001",
                documents.report,
            ),
            AdminCommand(
                "invoice",
                "an invoice PDF (extra lines: /invoice BG-1001 Cable 2x R120; Call-out R250)",
                documents.invoice,
            ),
            AdminCommand(
                "paid",
                "an invoice paid outside its link: /paid BG-1001 cash (or eft; an amount: part)",
                payments.paid,
            ),
            AdminCommand(
                "unpaid", "open invoices with their age and what is owed", payments.unpaid
            ),
            AdminCommand(
                "void",
                "cancel a mistaken invoice, with a credit note: /void INV-00001",
                payments.void,
            ),
            AdminCommand("revoke", "stop a job's live status links: /revoke BG-1001", revoke_links),
            AdminCommand(
                "link", "send the customer a fresh status link: /link BG-1001", send_fresh_link
            ),
            AdminCommand(
                "signout",
                "end a customer's portal sessions: /signout BG-1001 (or their phone number)",
                sign_out_customer,
            ),
            AdminCommand(
                "portallink",
                "a one-time portal sign-in link to hand a customer: /portallink BG-1001",
                hand_over_link,
            ),
            AdminCommand(
                "figures",
                "the business in figures: /figures last month (or q3, 2026, two dates; csv first)",
                figures,
            ),
            AdminCommand(
                "off",
                "days off: /off 24 Dec - 2 Jan (alone: the days off to come, to remove one)",
                days_off.days_off,
            ),
            AdminCommand(
                "loadshedding",
                "a power cut: /loadshedding Lombardy East 16:00-18:30 today (alone: a list)",
                load_shedding.load_shedding,
            ),
            AdminCommand(
                "calendar",
                "the private link of your calendar feed (ICS) of the coming visits",
                calendar_feed.calendar_link,
            ),
            AdminCommand(
                "calendarrenew",
                "stop the calendar feed link and get a new one (/calendarrenew off: none)",
                calendar_feed.renew_calendar_link,
            ),
            AdminCommand(
                "audit",
                "who looked at or changed customers' data: /audit (or /audit BG-1001)",
                privacy_admin.audit_log,
            ),
        ]
    ),
    flows=by_flow_name(
        [
            Flow(job_status.StatusQuestion, job_status.answer),
            Flow(documents.DocumentState, None),  # answered by its buttons (documents.PREFIX)
        ]
    ),
)

# Telegram's command menus (bot/wiring.py), read from the tables above.
CUSTOMER_COMMANDS = registry.menu(CUSTOMER)
ADMIN_COMMANDS = registry.menu(ADMIN)


async def route(turn: Turn) -> None:
    if turn.is_admin:
        await dispatch(turn, ADMIN)
    else:
        await dispatch(turn, CUSTOMER)
        await notice_on_first_reply(turn)  # the privacy notice, once per channel
