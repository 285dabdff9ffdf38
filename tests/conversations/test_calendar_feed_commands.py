"""The technician's calendar feed in the admin chat: /calendar makes the link once and then
cannot show it again; /calendarrenew off stops it and makes none; /help lists both."""

from __future__ import annotations

from tests.support.scene import Scene


async def test_the_feed_link_is_shown_once_then_stopped(scene: Scene) -> None:
    technician = scene.technician()
    [made] = await technician.send("/calendar")
    assert made.text.startswith("Your calendar feed: https://")
    assert ".ics" in made.text and "Keep it private" in made.text
    [again] = await technician.send("/calendar")
    assert again.text.startswith("Your calendar feed link was made on Tue 24 Nov.")
    [stopped] = await technician.send("/calendarrenew off")
    assert (
        stopped.text
        == "The old link no longer works. No calendar feed now; /calendar makes a new link."
    )
    [fresh] = await technician.send("/calendar")
    assert fresh.text.startswith("Your calendar feed: https://")


async def test_help_lists_the_feed_commands(scene: Scene) -> None:
    [help_text] = await scene.technician().send("/help")
    assert "/calendar - the private link of your calendar feed (ICS) of the coming visits" in (
        help_text.text.splitlines()
    )
    assert any(line.startswith("/calendarrenew - ") for line in help_text.text.splitlines())
