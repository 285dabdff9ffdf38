"""Moving and cancelling bookings from "My jobs", and the technician's yes or no to late
changes. The clock stands at Tuesday 24 November 2026, 10:00 in Johannesburg."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.appointments import Appointment
from domain.customers import Channel
from domain.jobs import Job, JobStatus
from storage.unit_of_work import SqlUnitOfWork
from tests.support.bookings import book_friday_at_ten, book_remote_support
from tests.support.chat import labels
from tests.support.scene import ADMIN, Scene

SAST = ZoneInfo("Africa/Johannesburg")


async def appointment_of(
    unit_of_work: Callable[[], SqlUnitOfWork], reference: str
) -> tuple[Job, list[Appointment]]:
    async with unit_of_work() as uow:
        job = await uow.jobs.by_reference(reference)
        assert job is not None and job.id is not None
        return job, list(await uow.appointments.for_job(job.id))


async def test_my_jobs_lists_coming_bookings_to_change(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    [jobs] = await thandi.send("/jobs")
    assert f"{reference}: Remote support session on Tue 24 Nov, 12:00" in jobs.text
    assert labels(jobs)[0] == f"Change {reference} (Tue 24 Nov, 12:00)"


async def test_a_booking_is_moved_free_of_charge_well_ahead(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    [jobs] = await thandi.send("/jobs")
    [what] = await thandi.send(option=jobs.options[0].id)
    assert (
        what.text
        == f"{reference}: Remote support session on Fri 27 Nov, 10:00. What would you like to do?"
    )
    assert labels(what) == ["Move to another time", "Call it off", "Keep it"]
    [times] = await thandi.send(option=f"change.move.{reference}")
    assert times.text.startswith("When would suit you instead?")
    [confirm] = await thandi.send("Monday 9am")
    assert confirm.text == "Move it from Fri 27 Nov, 10:00 to Mon 30 Nov, 09:00?"
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Done: {reference} is now on Mon 30 Nov, 09:00.")
    [told] = thandi.others
    assert (
        told.recipient == ADMIN.address
        and "moved" in told.text
        and "Mon 30 Nov, 09:00" in told.text
    )
    job, [appointment] = await appointment_of(scene.unit_of_work, reference)
    assert appointment.start == datetime(2026, 11, 30, 9, 0, tzinfo=SAST)
    assert appointment.reschedules == 1 and job.status is JobStatus.SCHEDULED
    assert job.timeline[-1].note == "moved from Fri 27 Nov, 10:00 to Mon 30 Nov, 09:00"


async def test_moving_to_an_overlapping_time_of_its_own_is_fine(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")  # Tue 12:00-13:00
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    [confirm] = await thandi.send("today at 12:30")
    assert confirm.text == "Move it from Tue 24 Nov, 12:00 to Tue 24 Nov, 12:30?"


async def test_a_booking_cancelled_well_ahead_is_cancelled_at_once(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    scene.clock.advance(hours=-26)  # as if it were booked two days ahead (the clock steps back)
    await thandi.send(option=f"job.{reference}")
    [confirm] = await thandi.send(option=f"change.cancel.{reference}")
    assert confirm.text == "Call off the booking on Tue 24 Nov, 12:00?"
    [done] = await thandi.send(option=f"change.yes.{reference}")
    assert done.text.startswith(f"Called off: {reference} on Tue 24 Nov, 12:00.")
    [told] = thandi.others
    assert told.recipient == ADMIN.address and f"cancelled {reference}" in told.text
    job, [appointment] = await appointment_of(scene.unit_of_work, reference)
    assert job.status is JobStatus.CANCELLED and appointment.cancelled_at is not None


async def test_a_late_cancellation_goes_to_the_technician_who_approves_it(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")  # in two hours
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    [asked] = await thandi.send(option=f"change.yes.{reference}")
    assert asked.text.startswith(
        "That's within 24 hours of the visit, so I've asked the technician."
    )
    [request] = thandi.others
    assert request.text.startswith("Thandi Mokoena (Telegram")
    assert f"asks to cancel {reference} on Tue 24 Nov, 12:00" in request.text
    assert labels(request) == ["Approve", "Decline"]
    job, _ = await appointment_of(scene.unit_of_work, reference)
    assert job.status is JobStatus.SCHEDULED  # still on until the technician says so

    technician = scene.technician()
    [result] = await technician.send(option=request.options[0].id)
    assert result.text == f"Cancelled {reference} (Tue 24 Nov, 12:00)."
    [told] = technician.others
    assert told.recipient == thandi.address
    assert (
        told.text == f"Your booking {reference} on Tue 24 Nov, 12:00 is called off, as you asked."
    )
    job, [appointment] = await appointment_of(scene.unit_of_work, reference)
    assert job.status is JobStatus.CANCELLED and appointment.cancelled_at is not None


async def test_a_late_move_declined_leaves_the_booking_as_it_was(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send("Thursday 9am")
    await thandi.send(option=f"change.yes.{reference}")
    [request] = thandi.others
    assert "asks to move" in request.text and "to Thu 26 Nov, 09:00" in request.text
    technician = scene.technician()
    [result] = await technician.send(option=request.options[1].id)
    assert result.text == f"Declined: {reference} stays on Tue 24 Nov, 12:00."
    [told] = technician.others
    assert told.text.startswith("Sorry, the technician can't make that change")
    _, [appointment] = await appointment_of(scene.unit_of_work, reference)
    assert appointment.start == datetime(2026, 11, 24, 12, 0, tzinfo=SAST)


async def test_a_booking_is_moved_at_most_twice_by_the_customer(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    for new_time in ("Friday 11am", "Friday 2pm"):
        await thandi.send(option=f"job.{reference}")
        await thandi.send(option=f"change.move.{reference}")
        await thandi.send(new_time)
        [done] = await thandi.send(option=f"change.yes.{reference}")
        assert done.text.startswith("Done:")
    await thandi.send(option=f"job.{reference}")
    [refused] = await thandi.send(option=f"change.move.{reference}")
    assert refused.text.startswith(f"{reference} has been moved 2 times already")
    [told] = thandi.others
    assert "please arrange a time with them" in told.text


async def test_someone_elses_booking_cannot_be_changed(scene: Scene) -> None:
    reference = await book_remote_support(scene.person(), "No internet")
    stranger = scene.person(address="6666", name="Nosy Neighbour")
    [refused] = await stranger.send(option=f"job.{reference}")
    assert refused.text.startswith(
        "I can't find a coming booking of yours with that reference.\n\n"
    )
    assert stranger.others == []


async def test_an_old_button_of_another_booking_changes_nothing(scene: Scene) -> None:
    thandi = scene.person()
    first = await book_remote_support(thandi, "No internet")
    second = await book_remote_support(thandi, "Printer")
    await thandi.send(option=f"job.{first}")
    await thandi.send(option=f"change.cancel.{first}")  # asks to confirm; they think again
    await thandi.send(option=f"job.{second}")
    [menu] = await thandi.send(option=f"change.yes.{first}")  # the old button, under the first
    assert menu.text.startswith(f"{first}: Remote support session")  # that booking, from the top
    for reference in (first, second):
        job, _ = await appointment_of(scene.unit_of_work, reference)
        assert job.status is JobStatus.SCHEDULED


async def test_a_request_is_decided_once(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.cancel.{reference}")
    await thandi.send(option=f"change.yes.{reference}")
    [request] = thandi.others
    technician = scene.technician()
    [declined] = await technician.send(option=request.options[1].id)
    assert declined.text.startswith("Declined")
    for press in (request.options[0].id, request.options[1].id):
        [again] = await technician.send(option=press)
        assert again.text == "That request was decided already."
        assert technician.others == []  # the customer hears nothing more
    job, _ = await appointment_of(scene.unit_of_work, reference)
    assert job.status is JobStatus.SCHEDULED


async def test_an_approved_move_whose_time_was_taken_meanwhile_is_explained_to_both(
    scene: Scene,
) -> None:
    thandi = scene.person()
    reference = await book_remote_support(thandi, "No internet")  # Tue 12:00
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send("Thursday 9am")
    await thandi.send(option=f"change.yes.{reference}")
    [request] = thandi.others
    sipho = scene.person(address="5552", name="Sipho")
    for text in ("/book", "Router"):
        await sipho.send(text)
    await sipho.send(option="service.remote-support")
    await sipho.send("Thursday 9am")
    await sipho.send(phone="+27 82 555 5552")
    await sipho.send("yes")
    technician = scene.technician()
    [result] = await technician.send(option=request.options[0].id)
    assert result.text.startswith(f"Couldn't move {reference} to Thu 26 Nov, 09:00")
    [told] = technician.others
    assert told.recipient == thandi.address and "was taken meanwhile" in told.text


async def test_back_in_a_change_goes_one_step_back(scene: Scene) -> None:
    thandi = scene.person()
    reference = await book_friday_at_ten(thandi)
    await thandi.send(option=f"job.{reference}")
    await thandi.send(option=f"change.move.{reference}")
    await thandi.send("Monday 9am")
    [times] = await thandi.send("back")
    assert times.text.startswith("When would suit you instead?")
    [what] = await thandi.send("back")
    assert what.text.endswith("What would you like to do?")


async def test_on_sms_a_booking_is_called_off_without_unsubscribing(scene: Scene) -> None:
    sms = scene.person(Channel.SMS, "+27821234567", name="")
    reference = await book_remote_support(sms, "No internet")
    scene.clock.advance(hours=-26)
    [jobs] = await sms.send("my jobs")
    assert labels(jobs)[0] == f"Change {reference} (Tue 24 Nov, 12:00)"
    [what] = await sms.send("1")
    assert labels(what) == ["Move to another time", "Call it off", "Keep it"]
    [confirm] = await sms.send("cancel it")
    assert confirm.text == "Call off the booking on Tue 24 Nov, 12:00?"
    [done] = await sms.send("yes")
    assert done.text.startswith(f"Called off: {reference}")
    async with scene.unit_of_work() as uow:
        customer = await uow.customers.by_identity(Channel.SMS, "+27821234567")
    assert customer is not None and customer.identities[0].opted_out_at is None
