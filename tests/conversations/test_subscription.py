"""STOP, START and friends, as transcripts: what is recorded, what is answered, who is told."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.customers import Channel
from storage.unit_of_work import SqlUnitOfWork
from tests.support.scene import Scene

NUMBER = "+27821234567"


async def opted_out(unit_of_work: Callable[[], SqlUnitOfWork], channel: Channel) -> bool:
    async with unit_of_work() as uow:
        customer = await uow.customers.by_identity(channel, NUMBER)
    assert customer is not None
    identity = customer.identity(channel, NUMBER)
    return identity is not None and identity.opted_out_at is not None


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "CANCEL", "quit.", "End"])
async def test_an_sms_opt_out_word_is_recorded_confirmed_once_and_the_technician_told(
    scene: Scene, word: str
) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    [confirmation] = await sms.send(word)
    assert confirmation.confirms_opt_out and confirmation.options == ()
    assert confirmation.text.startswith("You're unsubscribed: BurbGigz won't send you anything")
    assert await opted_out(scene.unit_of_work, Channel.SMS)
    [notice] = sms.others
    assert notice.text.startswith(f"A customer (SMS, {NUMBER}) replied {word.upper()}")


async def test_while_opted_out_nothing_is_answered_but_the_technician_sees_it(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    await sms.send("STOP")
    assert await sms.send("HELP") == []
    assert await sms.send("my printer is broken") == []
    [relayed] = sms.others
    assert "who opted out on SMS (no reply sent" in relayed.text
    assert relayed.text.endswith("my printer is broken")


@pytest.mark.parametrize("word", ["START", "yes", "Unstop"])
async def test_an_opt_in_word_undoes_the_opt_out(scene: Scene, word: str) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    await sms.send("STOP")
    [welcome] = await sms.send(word)
    assert welcome.text.startswith("Welcome back! You'll get our messages on SMS again.")
    assert not await opted_out(scene.unit_of_work, Channel.SMS)


async def test_on_whatsapp_cancel_leaves_a_flow_and_does_not_unsubscribe(scene: Scene) -> None:
    whatsapp = scene.person(Channel.WHATSAPP, NUMBER)
    await whatsapp.send("book")
    [menu] = await whatsapp.send("cancel")
    assert menu.text == "What would you like to do?"
    assert not await opted_out(scene.unit_of_work, Channel.WHATSAPP)


async def test_yes_and_start_mean_nothing_special_to_someone_subscribed(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, NUMBER, name="")
    [greeting] = await sms.send("START")
    assert greeting.text.startswith("Hi there! Welcome to BurbGigz")
    [not_understood] = await sms.send("yes")
    assert "didn't catch that" in not_understood.text


async def test_an_opt_out_on_sms_leaves_whatsapp_open(scene: Scene) -> None:
    await scene.person(Channel.SMS, NUMBER, name="").send("STOP")
    [greeting] = await scene.person(Channel.WHATSAPP, NUMBER).send("hi")
    assert greeting.text.startswith("Hi Thandi!")
    assert not await opted_out(scene.unit_of_work, Channel.WHATSAPP)


async def test_telegram_stop_only_leaves_the_flow(scene: Scene) -> None:
    telegram = scene.person()
    await telegram.send("/book")
    [menu] = await telegram.send("stop")
    assert menu.text == "What would you like to do?" and not menu.confirms_opt_out
