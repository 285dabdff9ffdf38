"""A turn that must ask a slow outside service first: the handler raises StepOut with that
work; a caller that can (the dispatcher) rolls the turn back, runs the work with no transaction
open (so no database lock waits on the service) and takes the turn again, marked
`stepped_out`. Other callers never see it: they do not set `steps_out`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable


class StepOut(Exception):
    def __init__(self, work: Callable[[], Awaitable[object]]) -> None:
        super().__init__("outside work first")
        self.work = work
