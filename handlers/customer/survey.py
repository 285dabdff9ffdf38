"""The satisfaction survey: a score from 1 to 5 and an optional comment, kept with the job.
A score of 3 or less reaches the technician at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from domain.follow_ups import ALERT_AT_OR_BELOW
from domain.jobs import Job
from domain.messages import Option
from handlers.kernel.flow_state import FlowState
from handlers.kernel.stored_state import StoredState, UnreadableState
from handlers.kernel.turn import OFFERED, Turn
from handlers.shared.wording import service_name, who

STATE = "survey"  # state key: the SurveyAsked of the last survey
PREFIX = "survey."  # "survey.BG-1001.4"
LABELS = ("Very poor", "Poor", "OK", "Good", "Excellent")  # numbered 1-5 on SMS: the score
ANSWER_WITHIN = timedelta(days=7)
# "4", "5/5", "4 great job", "2/5 - late": a score, and perhaps a comment after it.
_TYPED = re.compile(r"^([1-5])(?:\s*/\s*5)?\s*[.!]?(?:\s*[-:,.!]?\s+(.+))?$", re.DOTALL)


@dataclass(frozen=True, kw_only=True)
class CommentState(FlowState):
    """After a score: anything the customer would like to add."""

    NAME: ClassVar[str] = "survey_comment"
    ref: str
    score: int


@dataclass(frozen=True, kw_only=True)
class SurveyAsked(StoredState):
    """The job the last survey asked about, and when: a score typed later is for it."""

    ref: str
    asked_at: datetime


def _asked(turn: Turn) -> SurveyAsked | None:
    stored = turn.state.get(STATE)
    try:
        return SurveyAsked.from_json(stored) if isinstance(stored, dict) else None
    except UnreadableState:
        return None


def survey_question(turn: Turn, job: Job) -> tuple[str, tuple[Option, ...]]:
    turn.state[STATE] = SurveyAsked(ref=job.reference, asked_at=turn.clock.now()).to_json()
    service = service_name(turn.business, job.service_code)
    text = (
        f"How did we do with {job.reference} ({service})? From 1 (very poor) to 5 (excellent). "
        "You can add a comment after."
    )
    options = tuple(
        Option(f"{PREFIX}{job.reference}.{score}", label) for score, label in enumerate(LABELS, 1)
    )
    return text, options


def typing_a_score(turn: Turn) -> bool:
    """With no flow open, while the survey's options are the last shown (not a menu since):
    a score typed with a comment, or a number that is no score. (Its buttons, and their
    numbers typed, are options.)"""
    if (turn.inbound.chosen_option or "").startswith(PREFIX):
        return False
    asked = _asked(turn)
    if asked is None or turn.flow_name is not None:
        return False
    if not any(option.id.startswith(PREFIX) for option in turn.offered()):
        return False
    if turn.clock.now() - asked.asked_at > ANSWER_WITHIN:
        return False
    text = turn.inbound.text.strip()
    return _TYPED.match(text) is not None or text.isdigit()


async def take_survey_button(turn: Turn, reference_and_score: str) -> None:
    """A survey button: "BG-1001.4" of "survey.BG-1001.4"."""
    reference, _, score_text = reference_and_score.rpartition(".")
    await _take_score(turn, reference, score_text, "")


async def take_typed_score(turn: Turn) -> None:
    match = _TYPED.match(turn.inbound.text.strip())
    if match is None:  # a number, but not from 1 to 5
        turn.reply(
            "Please choose a number from 1 (very poor) to 5 (excellent).",
            tuple(turn.offered()),
        )
        return
    asked = _asked(turn)
    assert asked is not None, "typing_a_score found the survey asked"
    await _take_score(turn, asked.ref, match[1], match[2] or "")


async def _take_score(turn: Turn, reference: str, score_text: str, comment: str) -> None:
    job = await turn.uow.jobs.by_reference(reference)
    if job is None or job.id is None or job.customer_id != turn.me.id or not score_text.isdigit():
        turn.reply("Sorry, that rating is for a job I can't find.")
        return
    score = max(1, min(5, int(score_text)))
    previous = await turn.uow.surveys.for_job(job.id)
    if previous is not None and previous.score == score and not comment.strip():
        turn.reply(f"You rated it {score}/5 already. Thank you!")  # a second tap: told once
        return
    await turn.uow.surveys.score(job.id, score, turn.clock.now())
    turn.state.pop(STATE, None)
    turn.state.pop(OFFERED, None)
    if score <= ALERT_AT_OR_BELOW:
        said = f'\nComment: "{comment.strip()}"' if comment.strip() else ""
        turn.tell_admins(
            f"Low rating: {job.reference} got {score}/5 from "
            f"{who(turn.me, turn.inbound.channel)}.{said}"
        )
    if comment.strip():
        await turn.uow.surveys.comment(job.id, comment.strip()[:2000])
        turn.reply("Thank you for telling us!")
        return
    turn.start_flow(CommentState(ref=job.reference, score=score, at=turn.clock.now()))
    thanks = "Thank you!" if score > ALERT_AT_OR_BELOW else "Thank you, and sorry it wasn't better."
    turn.reply(f"{thanks} Anything you'd like to add? Type it, or MENU to skip.")


async def take_comment(turn: Turn) -> None:
    flow = turn.flow_as(CommentState)
    assert flow is not None, "the router hands on only an open comment"
    turn.end_flow()
    text = turn.inbound.text.strip()
    job = await turn.uow.jobs.by_reference(flow.ref)
    if job is None or job.id is None or not text:
        turn.reply("Thanks all the same!")
        return
    await turn.uow.surveys.comment(job.id, text[:2000])
    said_by = who(turn.me, turn.inbound.channel)
    turn.tell_admins(f"Comment on {job.reference} ({flow.score}/5) from {said_by}: {text}")
    turn.reply("Thank you for telling us!")
