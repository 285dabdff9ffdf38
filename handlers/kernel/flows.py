"""Every flow's idle clock: a flow used now starts it again; one left too long is put aside."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers.kernel.turn import Turn


def touch(turn: Turn) -> None:
    """The flow was used now: its idle clock starts again."""
    if turn.flow is not None:
        turn.flow["at"] = turn.clock.now().isoformat()


def idle_too_long(turn: Turn) -> bool:
    flow = turn.flow
    if flow is None or "at" not in flow:
        return False
    limit = timedelta(minutes=turn.business.reminders.flow_idle_timeout_minutes)
    return turn.clock.now() - datetime.fromisoformat(flow["at"]) > limit
