"""The main menu, greetings, help, and the friendly answer to anything not understood."""

from __future__ import annotations

from domain.messages import Option
from handlers.turn import Turn

BOOK = Option("menu.book", "Book a service")
MY_JOBS = Option("menu.jobs", "My jobs")
TALK = Option("menu.talk", "Talk to the technician")
HELP = Option("menu.help", "Help")


def main_menu() -> tuple[Option, ...]:
    return (BOOK, MY_JOBS, TALK, HELP)


async def start(turn: Turn) -> None:
    turn.end_flow()
    name = turn.business.business.name
    turn.reply(
        f"Hi {turn.me.first_name}! Welcome to {name}, friendly IT support from Lombardy East. "
        "How can we help?",
        main_menu(),
    )


async def show_menu(turn: Turn) -> None:
    turn.end_flow()
    turn.reply("What would you like to do?", main_menu())


async def help_text(turn: Turn) -> None:
    info = turn.business.business
    turn.reply(
        f"{info.name} fixes computers, laptops, Wi-Fi and printers - remotely or at your place.\n"
        "- Book a service: tell us what's wrong and we'll set up a time.\n"
        "- My jobs: see where your jobs stand.\n"
        "- Talk to the technician: send a message, photo or file.\n"
        "Type MENU at any time to come back here.\n"
        f"Call or WhatsApp {info.phone}, or email {info.email}.",
        main_menu(),
    )


async def not_understood(turn: Turn) -> None:
    turn.reply(
        "Sorry, I didn't catch that. Choose one of these, or type HELP:",
        main_menu(),
    )


async def refused_media(turn: Turn) -> None:
    names = ", ".join(turn.inbound.refused_media)
    turn.reply(
        f"Sorry, {names} is too large for me to receive. Could you send a smaller file "
        "or a screenshot instead?",
        main_menu(),
    )
