"""What every flow keeps between messages: a StoredState per flow under the state's "flow"
key. The base holds the idle clock; a subclass names its flow (NAME) and adds its fields."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Self

from handlers.kernel.stored_state import StoredState


@dataclass(frozen=True, kw_only=True)
class FlowState(StoredState):
    # When the flow was last used; None: a flow that never lapses (talking, a document).
    at: datetime | None = None

    def touched(self, now: datetime) -> Self:
        return replace(self, at=now)

    def idle_too_long(self, now: datetime, limit: timedelta) -> bool:
        return self.at is not None and now - self.at > limit
