"""Times and plans of the scheduled messages, read as the follow-up tests compare them."""

from __future__ import annotations

from datetime import datetime

from domain.follow_ups import FollowUp, FollowUpKind
from tests.support.scene import SAST, Scene


def sast(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026 in Johannesburg."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SAST)


def due_times(follow_ups: list[FollowUp]) -> list[tuple[FollowUpKind, datetime]]:
    return [(f.kind, f.due_at.astimezone(SAST)) for f in follow_ups]


async def complete(scene: Scene, reference: str) -> None:
    """The technician starts the job and completes it with a note."""
    technician = scene.technician()
    await technician.send(option=f"status.{reference}.in_progress")
    await technician.send(option=f"status.{reference}.completed")
    await technician.send("Reset the router.")
