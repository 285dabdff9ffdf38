"""Flow state as JSON: what is stored reads back the same; what cannot be read says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from domain.appointments import VisitMode
from handlers.customer.booking_flow import BookingState, BookingStep
from handlers.kernel.flow_state import FlowState
from handlers.kernel.stored_state import UnreadableState

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def test_a_state_reads_back_as_it_was_stored() -> None:
    state = BookingState(
        at=NOW,
        step=BookingStep.TIME,
        trail=(BookingStep.PROBLEM, BookingStep.SERVICE),
        media=(("ref-1", "image/png", "a.png"),),
        mode=VisitMode.ON_SITE,
        start=NOW + timedelta(hours=2),
    )
    stored = json.loads(json.dumps(state.to_json()))
    assert stored["name"] == "booking" and stored["step"] == "time"
    assert BookingState.from_json(stored) == state


@pytest.mark.parametrize(
    "stored",
    [
        {"name": "booking", "step": "payment"},  # a step this version does not have
        {"name": "booking", "trail": "problem"},  # not a list
        {"name": "booking", "media": [["ref-1", "image/png"]]},  # a file without its name
        {"name": "booking", "at": 1700000000},  # not a time
        {"name": "booking", "problem": 42},
    ],
)
def test_what_does_not_fit_the_state_is_unreadable(stored: dict[str, object]) -> None:
    with pytest.raises(UnreadableState):
        BookingState.from_json(stored)


def test_the_idle_clock_lapses_only_when_set_and_past_the_limit() -> None:
    limit = timedelta(minutes=30)
    assert not FlowState().idle_too_long(NOW, limit)  # a flow that never lapses
    used = FlowState().touched(NOW)
    assert not used.idle_too_long(NOW + limit, limit)
    assert used.idle_too_long(NOW + limit + timedelta(seconds=1), limit)
