"""The milestones the figures time (the technician's first message, the first visit still on,
the completion) are written by the real flows as they happen, and /figures reads them back.
The clock stands at Tuesday 24 November 2026, 10:00."""

from __future__ import annotations

from domain.customers import Channel
from tests.support.bookings import book_remote_support
from tests.support.scene import Scene


async def test_the_first_answer_visit_and_completion_are_timed_from_the_request(
    scene: Scene,
) -> None:
    thandi = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(thandi, "Slow PC")  # at 10:00, the visit at 12:00
    technician = scene.technician()
    [figures] = await technician.send("/figures")
    assert "Time from request: first answer -; visit 2 h (1 jobs); completion -" in (
        figures.text.splitlines()
    )
    await thandi.send("Hello?")  # the customer's own messages answer nothing
    scene.clock.advance(minutes=25)
    await technician.send(f"/say {reference} Is the PC at home or at the office?")
    scene.clock.advance(minutes=40)
    await technician.send(f"/say {reference} I'll connect at noon.")  # not the first any more
    scene.clock.advance(hours=2)
    await technician.send(option=f"status.{reference}.in_progress")
    scene.clock.advance(minutes=50)
    await technician.send(option=f"status.{reference}.completed")
    await technician.send("Cleaned up the start-up programs.")
    [figures] = await technician.send("/figures")
    assert (
        "Time from request: first answer 25 min (1 jobs); visit 2 h (1 jobs);"
        " completion 3 h 55 min (1 jobs)"
    ) in figures.text.splitlines()
