"""One message through a chat's registry: its opening, then its order of special cases and
tables; the first that takes the message answers it, else the chat's `otherwise`."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace

from domain.messages import Option
from handlers.kernel.registry import Chat, Stage
from handlers.kernel.turn import Turn

log = logging.getLogger(__name__)

UNREADABLE = "I've lost track of where we were there, so I've put it aside. Let's go on from here."
_STRICT_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@\w+)?(?:\s|$)")


async def dispatch(turn: Turn, chat: Chat) -> None:
    if chat.opening is not None and await chat.opening(turn):
        return
    for step in chat.order:
        taken = await STAGES[step](turn, chat) if isinstance(step, Stage) else await step(turn)
        if taken:
            return
    await chat.otherwise(turn)


async def _option(turn: Turn, chat: Chat) -> bool:
    chosen = turn.inbound.chosen_option
    if not chosen:
        return False
    if chosen in chat.options:
        await chat.options[chosen](turn)
        return True
    open_flow = chat.flows.get(turn.flow_name or "")
    owned = open_flow.options if open_flow else ()  # the open flow's own buttons are for it
    for entry in chat.prefixes:
        if chosen.startswith(entry.prefix) and not chosen.startswith(owned):
            if entry.ends_flow:
                turn.end_flow()
            await entry.handler(turn, chosen.removeprefix(entry.prefix))
            return True
    return False


async def _command(turn: Turn, chat: Chat) -> bool:
    typed = chat.command(turn.inbound.text.strip())
    if typed is None:
        return False
    name, args = typed
    if chat.commands_end_flow:
        turn.end_flow()
    command = chat.commands.get(name)
    if command is not None and command.may_run(turn):
        await command.run(turn, args)
    else:
        await chat.unknown_command(turn, name)
    return True


async def _keyword(turn: Turn, chat: Chat) -> bool:
    keyword = chat.keywords.get(turn.inbound.text.strip().lower().rstrip(".!"))
    if keyword is None or (turn.flow_name is not None and not keyword.leaves_flows):
        return False
    await keyword.handler(turn)
    return True


async def _flow(turn: Turn, chat: Chat) -> bool:
    """The open flow takes the next message, unless it was left too long or cannot be read
    (then it is put aside and the message taken as if no flow were open)."""
    name = turn.flow_name
    if name is None:
        return False
    flow = chat.flows.get(name)
    if flow is None or turn.flow_as(flow.state) is None:
        log.warning("an open flow %r could not be read; put aside", name)
        turn.end_flow()
        turn.reply(UNREADABLE)
        return False
    if turn.flow_lapsed():
        turn.end_flow()
        if chat.put_aside:
            turn.reply(chat.put_aside)
        return False
    if flow.handler is None:
        return False
    await flow.handler(turn)
    return True


STAGES: dict[Stage, Callable[[Turn, Chat], Awaitable[bool]]] = {
    Stage.OPTIONS: _option,
    Stage.COMMANDS: _command,
    Stage.KEYWORDS: _keyword,
    Stage.FLOWS: _flow,
}


def strict_command(text: str) -> tuple[str, str] | None:
    """/name, or /name@bot, then a space or the end; anything else is no command."""
    match = _STRICT_COMMAND.match(text)
    if match is None:
        return None
    return match.group(1).lower(), text[match.end() :].strip()


def any_slash_command(text: str) -> tuple[str, str] | None:
    """Any text that starts with a slash; its first word (without @bot) names the command."""
    if not text.startswith("/"):
        return None
    first, args = [*text.split(maxsplit=1), "", ""][:2]
    return first.lstrip("/").split("@")[0].lower(), args


def take_typed_option(turn: Turn) -> None:
    """An option picked by typing its number ("2") or its words ("my jobs") counts as chosen."""
    if turn.inbound.chosen_option:
        return
    typed = _option_named(turn.inbound.text.strip(), turn.offered())
    if typed is not None:
        turn.inbound = replace(turn.inbound, chosen_option=typed)


def _option_named(text: str, offered: list[Option]) -> str | None:
    if not text or not offered:
        return None
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1].id
    wanted = text.lower().strip(" .!")
    for option in offered:
        if option.label.lower() == wanted or option.label.lower().split(" (")[0] == wanted:
            return option.id
    return None
