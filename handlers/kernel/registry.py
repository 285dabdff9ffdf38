"""The kinds of input a chat answers, each declared once (in handlers/routes.py): commands,
keywords, options by their id or its prefix, flows, and the special cases that come first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum, StrEnum

from handlers.kernel.flow_state import FlowState
from handlers.kernel.turn import Turn

Handler = Callable[[Turn], Awaitable[None]]
# Gets the words after a command (/note BG-1001 text), or the rest of an option's id.
ArgsHandler = Callable[[Turn, str], Awaitable[None]]
# A special case: True when it took the message (the rest of the order is then skipped).
Special = Callable[[Turn], Awaitable[bool]]


class Role(StrEnum):
    ADMIN = "admin"  # a chat listed in ADMINS: the technician


@dataclass(frozen=True)
class Command:
    """A customer's /command; `menu` is its line in Telegram's command menu ("" leaves it out)."""

    name: str
    handler: Handler
    menu: str = ""

    async def run(self, turn: Turn, args: str) -> None:
        await self.handler(turn)

    def may_run(self, turn: Turn) -> bool:
        return not turn.is_admin


@dataclass(frozen=True)
class AdminCommand:
    """A technician's /command; `help` is its line in /help and Telegram's menu ("" leaves it
    out of both)."""

    name: str
    help: str
    handler: ArgsHandler
    who: frozenset[Role] = frozenset({Role.ADMIN})

    @property
    def menu(self) -> str:
        return self.help

    async def run(self, turn: Turn, args: str) -> None:
        await self.handler(turn, args)

    def may_run(self, turn: Turn) -> bool:
        return Role.ADMIN in self.who and turn.is_admin


@dataclass(frozen=True)
class Keyword:
    """A whole message as SMS customers type it ("my jobs"). Inside a flow only keywords that
    leave flows count; other words ("help", "hi") belong to the flow."""

    words: tuple[str, ...]
    handler: Handler
    leaves_flows: bool = False


@dataclass(frozen=True)
class OptionPrefix:
    """Options whose id starts with `prefix`; the handler gets the rest of the id."""

    prefix: str
    handler: ArgsHandler
    ends_flow: bool = False  # a button that starts something new puts the open flow aside


@dataclass(frozen=True)
class Flow:
    """A conversation over several messages: its state, and the handler of each next message
    (None: a flow answered only through its options). The option prefixes it lists are its own
    while it is open, not the registry's."""

    state: type[FlowState]
    handler: Handler | None
    options: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.state.NAME


class Stage(Enum):
    """Where the registry's tables come in a chat's order, between its special cases."""

    OPTIONS = "options"
    COMMANDS = "commands"
    KEYWORDS = "keywords"
    FLOWS = "flows"


@dataclass(frozen=True)
class Chat:
    """Everything one side of the conversation may send, and the order in which it is tried."""

    order: tuple[Special | Stage, ...]
    otherwise: Handler
    # "/name args" read from the text: (name, args), or None when the text is no command.
    command: Callable[[str], tuple[str, str] | None]
    unknown_command: ArgsHandler  # gets the command's name
    commands: dict[str, Command | AdminCommand] = field(default_factory=dict)
    options: dict[str, Handler] = field(default_factory=dict)  # whole option ids
    prefixes: tuple[OptionPrefix, ...] = ()
    keywords: dict[str, Keyword] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    opening: Special | None = None  # before anything: who is writing, and what stops here
    commands_end_flow: bool = False
    put_aside: str = ""  # said when a lapsed flow is put aside; "" says nothing


def by_name(commands: Iterable[Command | AdminCommand]) -> dict[str, Command | AdminCommand]:
    return {command.name: command for command in commands}


def by_word(keywords: Iterable[Keyword]) -> dict[str, Keyword]:
    return {word: keyword for keyword in keywords for word in keyword.words}


def by_flow_name(flows: Iterable[Flow]) -> dict[str, Flow]:
    return {flow.name: flow for flow in flows}


def when(applies: Callable[[Turn], bool], handler: Handler) -> Special:
    """A special case from a check and the handler it leads to."""

    async def special(turn: Turn) -> bool:
        if not applies(turn):
            return False
        await handler(turn)
        return True

    return special


def menu(chat: Chat) -> dict[str, str]:
    """The chat's listed commands and their lines, for /help and Telegram's command menus."""
    return {name: command.menu for name, command in chat.commands.items() if command.menu}
