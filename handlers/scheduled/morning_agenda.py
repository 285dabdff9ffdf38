"""The technician's day, sent to the admin chat every morning: what /today shows."""

from __future__ import annotations

from dataclasses import replace

from handlers.kernel.turn import Turn
from handlers.technician.agenda import agenda


async def send_morning_agenda(turn: Turn) -> None:
    await agenda(turn, 1)
    if turn.outbox:
        last = turn.outbox[-1]
        turn.outbox[-1] = replace(last, text=f"Good morning! Today:\n{last.text}")
