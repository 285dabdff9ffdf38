"""The technician's private calendar feed (ICS) of the coming visits: /calendar gives its link
(made when there is none), /calendarrenew stops it and gives a new one (/calendarrenew off:
none). Only the token's hash is kept, so a link is shown once, when it is made."""

from __future__ import annotations

import hashlib
import secrets

from handlers.kernel.turn import Turn
from handlers.shared.wording import day_text

FEED_PREFIX = "/calendar/"
FEED_SUFFIX = ".ics"
HOW_TO_USE = (
    "Add it to your calendar app as a subscription (Google Calendar: Other calendars, "
    "From URL). Keep it private: anyone with the link sees your visits. Google refreshes "
    "such a feed only every 12-24 hours."
)


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def calendar_link(turn: Turn, args: str) -> None:
    """/calendar: the feed's link, made now when there is none."""
    since = await turn.uow.calendar_feeds.live_since()
    if since is not None:
        made = day_text(since.astimezone(turn.calendar.zone).date())
        turn.reply(
            f"Your calendar feed link was made on {made}. I keep only a fingerprint of it, so "
            "I can't show it again: /calendarrenew gives a new one (the old one stops)."
        )
        return
    turn.reply(f"Your calendar feed: {await _new_link(turn)}\n{HOW_TO_USE}")


async def renew_calendar_link(turn: Turn, args: str) -> None:
    """/calendarrenew: the link in use stops at once; a new one unless 'off'."""
    stopped = await turn.uow.calendar_feeds.revoke_all(turn.clock.now())
    old = "The old link no longer works. " if stopped else ""
    if args.strip().lower() in ("off", "stop", "revoke"):
        turn.reply(f"{old}No calendar feed now; /calendar makes a new link.".strip())
        return
    turn.reply(f"{old}Your new calendar feed: {await _new_link(turn)}\n{HOW_TO_USE}")


async def _new_link(turn: Turn) -> str:
    token = secrets.token_urlsafe(24)  # 192 bits: unguessable
    await turn.uow.calendar_feeds.issue(feed_token_hash(token), turn.clock.now())
    return f"{turn.public_url}{FEED_PREFIX}{token}{FEED_SUFFIX}"
