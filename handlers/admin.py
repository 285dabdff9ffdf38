"""The technician's admin chat. Only chats listed as admin ever reach these handlers."""

from __future__ import annotations

from handlers.approvals import VERDICTS, decide
from handlers.say import say
from handlers.turn import Turn
from handlers.wording import service_name

ADMIN_COMMANDS = {
    "help": "what I can do here",
    "queue": "open jobs, urgent first",
    "say": "message a job's customer: /say BG-1001 text",
}


async def handle_admin(turn: Turn) -> None:
    if (turn.inbound.chosen_option or "").startswith(VERDICTS):
        await decide(turn)
        return
    text = turn.inbound.text.strip()
    first, args = [*text.split(maxsplit=1), "", ""][:2]
    command = first.lstrip("/").split("@")[0].lower() if text.startswith("/") else ""
    if command in ("help", "start"):
        await admin_help(turn)
    elif command == "queue":
        await queue(turn)
    elif command == "say":
        await say(turn, args)
    elif command:
        turn.reply(f"I don't know /{command}. /help lists the technician's commands.")
    else:
        turn.reply("This is the technician's chat: commands start with /. /help lists them.")


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
    turn.reply(f"Open jobs ({len(jobs)}):\n" + "\n".join(lines))
