"""The technician's admin chat. Only chats listed as admin ever reach these handlers."""

from __future__ import annotations

from handlers.kernel.flows import idle_too_long
from handlers.kernel.turn import Turn
from handlers.shared.wording import refusals
from handlers.technician import agenda, documents, job_records, job_status
from handlers.technician.approvals import VERDICTS, decide
from handlers.technician.figures_chat import figures
from handlers.technician.job_card import ACTION, CARD, STATUS, find_job, show_card
from handlers.technician.job_photos import file_photos
from handlers.technician.relay import reply_to_customer
from handlers.technician.say import say
from handlers.technician.status_links import revoke_links, send_fresh_link

ADMIN_COMMANDS = {
    "help": "what I can do here",
    "queue": "open jobs, urgent first",
    "today": "today's visits, with the drives between them",
    "week": "the coming week's visits",
    "urgent": "put a job first in the queue: /urgent BG-1001",
    "job": "a job's card with its status buttons: /job BG-1001",
    "eta": "a new arrival time for the customer: /eta BG-1001 20",
    "say": "message a job's customer: /say BG-1001 text",
    "history": "a job's conversation: /history BG-1001",
    "note": "a note: /note BG-1001 text (add 'visible' first for one the customer sees)",
    "time": "log work time: /time BG-1001 +45m",
    "report": "the service report PDF, shown to you, sent on your OK: /report BG-1001",
    "invoice": "an invoice PDF (extra lines: /invoice BG-1001 Cable 2x R120; Call-out R250)",
    "revoke": "stop a job's live status links: /revoke BG-1001",
    "link": "send the customer a fresh status link: /link BG-1001",
    "figures": "the business in figures: /figures last month (or q3, 2026, two dates; csv first)",
}


async def handle_admin(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option or ""
    flow = turn.flow
    if chosen.startswith(VERDICTS):
        await decide(turn)
    elif chosen.startswith(documents.PREFIX):
        await documents.decide(turn)
    elif chosen.startswith(CARD):
        turn.end_flow()
        await show_card(turn, chosen.removeprefix(CARD))
    elif chosen.startswith(STATUS):
        turn.end_flow()
        await job_status.choose_status(turn)
    elif chosen.startswith(ACTION):
        turn.end_flow()
        await _card_action(turn, chosen.removeprefix(ACTION))
    elif _is_command(turn):
        turn.end_flow()
        await _command(turn)
    elif await reply_to_customer(turn):  # a reply to a customer's message is for them, always
        pass
    elif turn.inbound.media:
        await file_photos(turn)
    elif turn.inbound.refused_media:
        turn.reply(f"Not kept: {refusals(turn.inbound.refused_media)}.")
    elif flow and flow.get("name") == job_status.FLOW_NAME and not idle_too_long(turn):
        await job_status.answer(turn)
    else:
        turn.end_flow()
        turn.reply("This is the technician's chat: commands start with /. /help lists them.")


async def _command(turn: Turn) -> None:
    text = turn.inbound.text.strip()
    first, args = [*text.split(maxsplit=1), "", ""][:2]
    command = first.lstrip("/").split("@")[0].lower() if text.startswith("/") else ""
    if command in ("help", "start"):
        await admin_help(turn)
    elif command == "queue":
        await agenda.queue(turn)
    elif command == "today":
        await agenda.agenda(turn, days=1)
    elif command == "week":
        await agenda.agenda(turn, days=7)
    elif command == "urgent":
        await agenda.mark_urgent(turn, args)
    elif command == "say":
        await say(turn, args)
    elif command == "job":
        await show_card(turn, args)
    elif command == "eta":
        await job_status.eta(turn, args)
    elif command == "history":
        await job_records.history(turn, args)
    elif command == "note":
        await job_records.note(turn, args)
    elif command == "time":
        await job_records.log_time(turn, args)
    elif command == "report":
        await documents.report(turn, args)
    elif command == "invoice":
        await documents.invoice(turn, args)
    elif command == "revoke":
        await revoke_links(turn, args)
    elif command == "link":
        await send_fresh_link(turn, args)
    elif command == "figures":
        await figures(turn, args)
    else:
        turn.reply(f"I don't know /{command}. /help lists the technician's commands.")


async def admin_help(turn: Turn) -> None:
    lines = [f"/{name} - {what}" for name, what in ADMIN_COMMANDS.items()]
    turn.reply("Technician's commands:\n" + "\n".join(lines))


async def _card_action(turn: Turn, action: str) -> None:
    reference, _, name = action.rpartition(".")
    job = await find_job(turn, reference)
    if job is None:
        return
    if name == "urgent":
        await agenda.mark_urgent(turn, reference)
    elif not job.is_open:
        turn.reply(f"{job.reference} is {job.status}: its timer stays as it is.")
    elif name in ("timer_start", "timer_stop"):
        await job_records.timer(turn, job, start=name == "timer_start")
    else:
        turn.reply(f"I don't know that action: {name}.")


def _is_command(turn: Turn) -> bool:
    return turn.inbound.text.strip().startswith("/")
