"""The customer and the technician in conversation: what the customer writes after "talk to
the technician", or while a job of theirs is under way, goes to the admin chat tagged with the
job; the technician's reply to it (or /say) goes back on the customer's channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from domain.jobs import Actor, Job, JobStatus
from domain.records import AttachmentKind, ChatMessage
from handlers.customer.menu import main_menu, not_understood, stale_button
from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn
from handlers.shared.job_files import keep_files
from handlers.shared.wording import who

# A job in these is a session going on: what the customer writes is for the technician.
IN_SESSION = frozenset({JobStatus.ON_THE_WAY, JobStatus.IN_PROGRESS, JobStatus.WAITING_ON_CUSTOMER})
# After the technician writes to a customer, what they write back is taken as the answer.
ANSWERS_WELCOME_FOR = timedelta(hours=24)


@dataclass(frozen=True, kw_only=True)
class TalkState(FlowState):
    """Talking to the technician: every message is passed on until MENU. It never lapses."""

    NAME: ClassVar[str] = "talk"


async def start_talking(turn: Turn) -> None:
    turn.start_flow(TalkState())
    turn.reply(
        "Sure - type your message (or send a photo or file) and I'll pass it straight on to "
        "the technician. Type MENU when you're done."
    )


async def pass_on(turn: Turn) -> None:
    """Relay one message; the technician answers by replying to it."""
    inbound = turn.inbound
    if _only_a_button(turn):
        await stale_button(turn)
        return
    text = inbound.text.strip() or "(sent a file)"
    job = await _open_job(turn)
    about = f" about {job.reference}" if job else ""
    turn.tell_admins(
        f"Message from {who(turn.me, inbound.channel)}{about}:\n{text}\n(Reply to this to answer.)",
        inbound.media,
        regarding=f"{inbound.conversation_key}|{job.reference if job else ''}",
    )
    if job is not None and job.id is not None:
        chat = ChatMessage(job.id, Actor.CUSTOMER, text, turn.clock.now(), inbound.channel)
        await turn.uow.records.add_chat(chat)
        await keep_files(turn, job, inbound.media, AttachmentKind.CUSTOMER_UPLOAD, visible=True)
    if turn.admins:
        turn.reply("Passed on to the technician, who will get back to you soon.")
    else:
        turn.end_flow()
        phone = turn.business.business.phone
        turn.reply(
            f"The technician can't be reached in chat right now; please call {phone}.", main_menu()
        )


async def pass_on_unprompted(turn: Turn) -> None:
    """A file sent outside any flow: open the conversation with the technician and pass it on."""
    turn.start_flow(TalkState())
    await pass_on(turn)


async def in_session_or_not_understood(turn: Turn) -> None:
    """Words that fit nothing: for the technician if a job of theirs is under way, or the
    technician wrote to them about an open job lately (an answer to /say)."""
    if _only_a_button(turn):
        await stale_button(turn)
        return
    jobs = await _jobs(turn)
    if any(job.status in IN_SESSION for job in jobs) or await _written_to_lately(turn, jobs):
        await pass_on(turn)
    else:
        await not_understood(turn)


def _only_a_button(turn: Turn) -> bool:
    """A tap on a button no step is waiting for: no words and no file to pass on."""
    inbound = turn.inbound
    return bool(inbound.chosen_option) and not inbound.text.strip() and not inbound.media


async def _written_to_lately(turn: Turn, jobs: list[Job]) -> bool:
    since = turn.clock.now() - ANSWERS_WELCOME_FOR
    for job in jobs:
        if job.is_open and job.id is not None:
            chat = await turn.uow.records.chat(job.id)
            if any(m.author == Actor.TECHNICIAN and m.at >= since for m in chat):
                return True
    return False


async def _open_job(turn: Turn) -> Job | None:
    """The job the conversation is about: one under way, else the latest still open."""
    jobs = await _jobs(turn)
    under_way = [job for job in jobs if job.status in IN_SESSION]
    open_jobs = [job for job in jobs if job.is_open]
    candidates = under_way or open_jobs
    return candidates[-1] if candidates else None


async def _jobs(turn: Turn) -> list[Job]:
    assert turn.me.id is not None
    return list(await turn.uow.jobs.for_customer(turn.me.id, closed=0))  # the open ones
