"""The technician's admin chat. Only chats listed as admin ever reach these handlers."""

from __future__ import annotations

from domain.messages import Option
from handlers import job_records, job_status
from handlers.approvals import VERDICTS, decide
from handlers.job_card import CARD, STATUS, show_card
from handlers.job_photos import file_photos
from handlers.relay import reply_to_customer
from handlers.say import say
from handlers.turn import Turn
from handlers.wording import service_name

MAX_CARD_BUTTONS = 30  # a long queue keeps its list; its first jobs are a tap away

ADMIN_COMMANDS = {
    "help": "what I can do here",
    "queue": "open jobs, urgent first",
    "job": "a job's card with its status buttons: /job BG-1001",
    "eta": "a new arrival time for the customer: /eta BG-1001 20",
    "say": "message a job's customer: /say BG-1001 text",
    "history": "a job's conversation: /history BG-1001",
    "note": "a note: /note BG-1001 text (add 'visible' first for one the customer sees)",
    "time": "log work time: /time BG-1001 +45m",
}


async def handle_admin(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option or ""
    flow = turn.flow
    if chosen.startswith(VERDICTS):
        await decide(turn)
    elif chosen.startswith(CARD):
        turn.end_flow()
        await show_card(turn, chosen.removeprefix(CARD))
    elif chosen.startswith(STATUS):
        turn.end_flow()
        await job_status.choose_status(turn)
    elif turn.inbound.media:
        await file_photos(turn)
    elif _is_command(turn):
        turn.end_flow()
        await _command(turn)
    elif flow and flow.get("name") == job_status.FLOW_NAME:
        await job_status.answer(turn)
    elif not await reply_to_customer(turn):
        turn.reply("This is the technician's chat: commands start with /. /help lists them.")


async def _command(turn: Turn) -> None:
    text = turn.inbound.text.strip()
    first, args = [*text.split(maxsplit=1), "", ""][:2]
    command = first.lstrip("/").split("@")[0].lower() if text.startswith("/") else ""
    if command in ("help", "start"):
        await admin_help(turn)
    elif command == "queue":
        await queue(turn)
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
    else:
        turn.reply(f"I don't know /{command}. /help lists the technician's commands.")


async def admin_help(turn: Turn) -> None:
    lines = [f"/{name} - {what}" for name, what in ADMIN_COMMANDS.items()]
    turn.reply("Technician's commands:\n" + "\n".join(lines))


async def queue(turn: Turn) -> None:
    jobs = await turn.uow.jobs.open_jobs()
    if not jobs:
        turn.reply("The queue is empty.")
        return
    lines = [
        f"{job.reference} [{job.priority}] {job.status} - "
        f"{service_name(turn.business, job.service_code)}: {job.problem[:60]}"
        for job in jobs
    ]
    cards = tuple(
        Option(f"{CARD}{job.reference}", job.reference) for job in jobs[:MAX_CARD_BUTTONS]
    )
    turn.reply(f"Open jobs ({len(jobs)}):\n" + "\n".join(lines), cards)


def _is_command(turn: Turn) -> bool:
    return turn.inbound.text.strip().startswith("/")
