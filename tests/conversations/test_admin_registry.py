"""The technician's commands come from the registry alone: one entry and one function make a
new command, listed in /help and answered."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.customers import Channel
from handlers import routes
from handlers.kernel.registry import AdminCommand
from handlers.kernel.turn import Turn
from tests.support.chat import Person
from tests.support.scene import ADMIN


async def test_a_command_added_to_the_registry_is_in_help_and_answered(
    person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def echo(turn: Turn, args: str) -> None:
        turn.reply(f"Echo: {args}")

    entry = AdminCommand("echo", "say it back: /echo words", echo)
    monkeypatch.setitem(routes.ADMIN.commands, entry.name, entry)
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    [help_text] = await technician.send("/help")
    assert help_text.text.splitlines()[0] == "Technician's commands:"
    assert help_text.text.splitlines()[-1] == "/echo - say it back: /echo words"
    [answer] = await technician.send("/echo testing 1 2 3")
    assert answer.text == "Echo: testing 1 2 3"


async def test_help_lists_every_listed_command_once_and_not_start(
    person: Callable[..., Person],
) -> None:
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    [help_text] = await technician.send("/help")
    listed = [line.split(" - ")[0] for line in help_text.text.splitlines()[1:]]
    assert listed == [f"/{name}" for name in routes.ADMIN_COMMANDS]
    assert "/start" not in listed
    [same] = await technician.send("/start")
    assert same.text == help_text.text
