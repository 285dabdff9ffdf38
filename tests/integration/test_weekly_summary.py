"""The technician's weekly summary: last week's figures on Monday morning, planned with the
agenda and held by the quiet hours like the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from domain.follow_ups import FollowUpKind, QuietHours, weekly_summary
from tests.support.figure_data import seed
from tests.support.scene import ADMIN, Scene

SAST = ZoneInfo("Africa/Johannesburg")
QUIET = QuietHours(time(20, 0), time(7, 0), SAST)


def sast(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=SAST)


def test_it_is_planned_for_mondays_only_and_waits_out_the_quiet_hours() -> None:
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    planned = weekly_summary(monday, time(6, 0), QUIET)  # 06:00 is still quiet
    assert planned is not None and planned.kind is FollowUpKind.WEEKLY_SUMMARY
    assert planned.due_at == sast(23, 7).astimezone(UTC)
    later = weekly_summary(monday, time(8, 30), QUIET)
    assert later is not None and later.due_at == sast(23, 8).replace(minute=30)
    assert weekly_summary(tuesday, time(7, 0), QUIET) is None


async def summaries(scene: Scene, monday: int) -> list[str]:
    """What the technician got on that Monday morning, the poller having planned on Sunday."""
    poller, transcript, clock = scene.poller, scene.transcript, scene.clock
    clock.at = sast(monday - 1, 12)
    await poller.run()
    await transcript.new()
    clock.at = sast(monday, 6)  # the agenda's time has not come
    await poller.run()
    assert await transcript.new() == []
    clock.at = sast(monday, 7)
    await poller.run()
    sent = [m for m in await transcript.new() if m.recipient == ADMIN.address]
    return [m.text for m in sent if "in figures" in m.text or "was quiet" in m.text]


async def test_monday_morning_brings_last_weeks_figures(scene: Scene) -> None:
    await seed(scene.sessions)
    # The week of 16 to 22 November: invoice 3 issued and paid (R1 233.30 net, VAT on top),
    # BG-1003 scored 4; no job was requested. Unpaid: invoices 2 and 4 (R1 516 + R950).
    [summary] = await summaries(scene, monday=23)
    assert summary == (
        "Good morning! Last week (16 Nov to 22 Nov) in figures:\n"
        "Jobs: 0\n"
        "Invoiced: R1 233.30 excl. VAT; paid: R1 233.30 (invoices marked paid)\n"
        "Satisfaction: 4.0 of 5 from 1\n"
        "Unpaid now: 2 invoices (R2 466.00).\n"
        "More with /figures (e.g. /figures last month)."
    )


async def test_a_quiet_week_says_so(scene: Scene) -> None:
    [summary] = await summaries(scene, monday=30)
    assert summary == (
        "Good morning! Last week (23 Nov to 29 Nov) was quiet: no jobs, invoices or survey"
        " answers.\nNothing unpaid.\nMore with /figures (e.g. /figures last month)."
    )
