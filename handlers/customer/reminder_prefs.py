"""NO REMINDERS and REMINDERS ON: reminders stop (or come back) for the customer, while
their jobs' updates still reach them. Distinct from STOP, which unsubscribes a channel."""

from __future__ import annotations

from domain.messages import Option
from handlers.kernel.turn import Turn

REMINDERS_OFF = Option("reminders.off", "No more reminders")
REMINDERS_ON = Option("reminders.on", "Reminders on")
OFF_WORDS = frozenset({"no reminders", "no more reminders", "reminders off", "stop reminders"})
ON_WORDS = frozenset({"reminders on", "reminders", "start reminders"})


def wanted_reminders(turn: Turn) -> bool | None:
    """True: reminders on; False: off; None: the message is about something else."""
    chosen = turn.inbound.chosen_option
    words = " ".join(turn.inbound.text.lower().strip(" .!").split())
    if chosen == REMINDERS_OFF.id or (not chosen and words in OFF_WORDS):
        return False
    if chosen == REMINDERS_ON.id or (not chosen and words in ON_WORDS):
        return True
    return None


async def set_reminders(turn: Turn, on: bool) -> None:
    assert turn.me.id is not None
    await turn.uow.reminder_preferences.set_reminders(turn.me.id, on, turn.clock.now())
    if on:
        turn.reply("Reminders are back on: we'll remind you before each appointment.")
    else:
        turn.reply(
            "OK, no more reminders. You'll still get updates about your jobs. "
            "Reply REMINDERS ON to have them again.",
            (REMINDERS_ON,),
        )


async def change_reminders(turn: Turn) -> bool:
    """NO REMINDERS or REMINDERS ON, typed or chosen, even inside a flow; False when the
    message is about something else."""
    on = wanted_reminders(turn)
    if on is None:
        return False
    await set_reminders(turn, on)
    return True
