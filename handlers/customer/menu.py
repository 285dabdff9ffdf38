"""The main menu, greetings, help, and the friendly answer to anything not understood."""

from __future__ import annotations

from domain.messages import Option, Outbound
from handlers.kernel.turn import Turn
from handlers.shared.wording import refusals

BOOK = Option("menu.book", "Book a service")
MY_JOBS = Option("menu.jobs", "My jobs")
TALK = Option("menu.talk", "Talk to the technician")
PORTAL = Option("menu.portal", "Open my portal")
HELP = Option("menu.help", "Help")


def main_menu() -> tuple[Option, ...]:
    return (BOOK, MY_JOBS, TALK, PORTAL, HELP)


async def start(turn: Turn) -> None:
    turn.end_flow()
    info = turn.business.business
    welcome = f"{info.name}, {info.tagline}" if info.tagline else info.name
    turn.reply(
        f"Hi {turn.me.first_name}! Welcome to {welcome}. How can we help?",
        main_menu(),
    )


async def show_menu(turn: Turn) -> None:
    turn.end_flow()
    turn.reply("What would you like to do?", main_menu())


async def help_text(turn: Turn) -> None:
    info = turn.business.business
    about = f"{info.name} {info.what_we_do}. " if info.what_we_do else ""
    # Short enough for two SMS segments with the menu below it (with the bundled wording).
    turn.reply(
        f"{about}Book a service, see your jobs or talk to the technician. Type MENU any time.\n"
        f"Call {info.phone} or email {info.email}.",
        main_menu(),
    )


async def not_understood(turn: Turn) -> None:
    turn.reply(
        "Sorry, I didn't catch that. Choose one of these, or type HELP:",
        main_menu(),
    )


async def stale_button(turn: Turn) -> None:
    """A button of a step already over (an old "Yes, book it", a time slot): nothing to do."""
    turn.reply(
        "That button was for an earlier step, which is over. What would you like to do?",
        main_menu(),
    )


async def refused_media(turn: Turn) -> None:
    """Only refused files came: say why, and offer the menu."""
    turn.reply(
        f"Sorry, {refusals(turn.inbound.refused_media)}. Could you send a photo, a screenshot, "
        "a PDF or a smaller file instead?",
        main_menu(),
    )


def note_refused_media(turn: Turn) -> None:
    """Some files came through and some did not: say which, and let the rest be handled.
    Not a question, so the options last offered stay as they were."""
    text = f"Sorry, {refusals(turn.inbound.refused_media)}. The rest came through."
    turn.outbox.append(Outbound(turn.inbound.channel, turn.inbound.sender, text))
