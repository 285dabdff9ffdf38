"""The technician's chat, what its registry (handlers/routes.py) does not find elsewhere: the
help text, the answers to what is no command, and the adapters of commands to their rooms.
Only chats listed as admin ever reach these handlers."""

from __future__ import annotations

from handlers.kernel.turn import Turn
from handlers.shared.wording import refusals
from handlers.technician import agenda, job_records
from handlers.technician.job_card import find_job


def show_help(turn: Turn, commands: dict[str, str]) -> None:
    lines = [f"/{name} - {what}" for name, what in commands.items()]
    turn.reply("Technician's commands:\n" + "\n".join(lines))


async def unknown_command(turn: Turn, name: str) -> None:
    turn.reply(f"I don't know /{name}. /help lists the technician's commands.")


async def not_a_command(turn: Turn) -> None:
    turn.end_flow()
    turn.reply("This is the technician's chat: commands start with /. /help lists them.")


async def not_kept(turn: Turn) -> None:
    """Files the channel refused (too big, or of a kind not kept)."""
    turn.reply(f"Not kept: {refusals(turn.inbound.refused_media)}.")


async def queue(turn: Turn, args: str) -> None:
    await agenda.queue(turn)


async def today(turn: Turn, args: str) -> None:
    await agenda.agenda(turn, days=1)


async def week(turn: Turn, args: str) -> None:
    await agenda.agenda(turn, days=7)


async def card_action(turn: Turn, action: str) -> None:
    """A button under a job card: "BG-1001.timer_start" of `job_action.BG-1001.timer_start`."""
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
