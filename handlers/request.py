"""'Book a service': what's wrong, which service; the job is opened and the technician told."""

from __future__ import annotations

from domain.customers import Channel
from domain.jobs import Actor, Job
from domain.messages import Attachment, Option
from domain.money import format_rand
from handlers.menu import main_menu
from handlers.turn import Turn
from handlers.wording import service_name, who

FLOW_NAME = "request"
SERVICE_PREFIX = "service."


def service_options(turn: Turn) -> tuple[Option, ...]:
    return tuple(
        Option(
            f"{SERVICE_PREFIX}{s.code}",
            f"{s.name} (from {format_rand(s.price_cents, drop_zero_cents=True)})",
        )
        for s in turn.business.services
    )


async def start_request(turn: Turn) -> None:
    turn.start_flow(FLOW_NAME, step="problem")
    turn.reply("What's going wrong? A sentence or two is perfect, and you can add a photo.")


async def continue_request(turn: Turn) -> None:
    flow = turn.flow or {}
    if flow.get("step") == "problem":
        await _take_problem(turn)
    else:
        await _take_service(turn)


async def _take_problem(turn: Turn) -> None:
    inbound = turn.inbound
    problem = inbound.text.strip()
    if not problem and not inbound.media:
        turn.reply("Please describe the problem in a few words.")
        return
    turn.start_flow(
        FLOW_NAME,
        step="service",
        problem=problem or "(see the photo)",
        media=[[m.ref, m.content_type, m.filename] for m in inbound.media],
    )
    turn.reply("Thanks! Which service fits best?", service_options(turn))


async def _take_service(turn: Turn) -> None:
    chosen = turn.inbound.chosen_option or ""
    service = turn.business.service(chosen.removeprefix(SERVICE_PREFIX))
    if not chosen.startswith(SERVICE_PREFIX) or service is None:
        turn.reply("Please pick one of these services:", service_options(turn))
        return
    flow = turn.flow or {}
    me = turn.me
    assert me.id is not None
    job = Job(customer_id=me.id, problem=flow["problem"], service_code=service.code)
    job.open(turn.clock.now(), Actor.CUSTOMER, note=f"requested on {turn.inbound.channel}")
    job = await turn.uow.jobs.add(job)
    turn.end_flow()
    turn.tell_admins(
        f"New request {job.reference} from {who(me, turn.inbound.channel)}\n"
        f"Service: {service_name(turn.business, job.service_code)}\n"
        f"Problem: {job.problem}",
        tuple(Attachment(ref, ctype, name) for ref, ctype, name in flow.get("media", [])),
    )
    turn.reply(
        f"Done! Your reference is {job.reference}. The technician will be in touch shortly "
        "to confirm a time.",
        main_menu(),
    )
    if turn.inbound.channel is Channel.TELEGRAM and not me.phone:
        turn.ask_phone("Would you share your phone number, so we can call you if needed?")
