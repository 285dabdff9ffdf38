"""The service on Telegram, end to end: real python-telegram-bot against a Bot API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pytest_aiohttp import AiohttpClient
from sqlalchemy import func, select

from bot.app import build_app
from bot.business import load_business
from bot.keys import SESSIONS
from domain.customers import Channel, Customer
from domain.jobs import Job
from handlers.routes import ADMIN_COMMANDS
from storage.tables import InboundMessageRow
from storage.unit_of_work import SqlUnitOfWork
from tests.stubs.telegram_api import FakeBotApi
from tests.stubs.telegram_updates import (
    callback_update,
    command_update,
    contact_update,
    document_update,
    message_update,
    photo_update,
)
from tests.support.images import picture, shape
from tests.support.telegram_service import (
    ADMIN_CHAT,
    CUSTOMER_CHAT,
    SECRET,
    SECRET_HEADER,
    WEBHOOK,
    Client,
    book_with_buttons,
    post_update,
    service_settled,
    telegram_settings,
)

MENU = ["Book a service", "My jobs", "Talk to the technician", "Open my portal", "Help"]


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as stand_in:
        yield stand_in


@pytest.fixture
async def service(
    aiohttp_client: AiohttpClient, api: FakeBotApi, database_url: str, tmp_path: Path
) -> Client:
    settings = telegram_settings(api, database_url, tmp_path / "files")
    client = await aiohttp_client(build_app(settings, load_business(None)))
    await api.wait_for("setWebhook")
    return client


def buttons(message: dict[str, object]) -> list[str]:
    markup = message.get("reply_markup") or {}
    assert isinstance(markup, dict)
    return [row[0]["text"] for row in markup.get("inline_keyboard", [])]


async def test_start_up_registers_the_webhook_and_the_command_menus(
    service: Client, api: FakeBotApi
) -> None:
    assert api.webhook is not None
    assert api.webhook["url"] == "https://burbgigz.test/telegram/webhook"
    assert api.webhook["secret_token"] == SECRET
    assert api.webhook["allowed_updates"] == ["message", "callback_query"]
    command_calls = await api.wait_for("setMyCommands", 2)
    customer = [c["command"] for c in command_calls[0]["commands"]]
    admin = [c["command"] for c in command_calls[1]["commands"]]
    assert customer == [
        "start",
        "book",
        "jobs",
        "talk",
        "help",
        "documents",
        "email",
        "portal",
        "privacy",
    ]
    assert admin == list(ADMIN_COMMANDS) and {"queue", "job", "today", "say"} <= set(admin)
    assert command_calls[1]["scope"]["chat_id"] == ADMIN_CHAT


async def test_start_is_answered_with_an_inline_keyboard(service: Client, api: FakeBotApi) -> None:
    assert await post_update(service, command_update(CUSTOMER_CHAT, "/start")) == 200
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert reply["text"].startswith("Hi Thandi! Welcome to BurbGigz")
    assert buttons(reply) == MENU


async def test_pressing_a_button_is_answered_and_leads_on(service: Client, api: FakeBotApi) -> None:
    await post_update(service, command_update(CUSTOMER_CHAT, "/start"))
    await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert (
        await post_update(service, callback_update(CUSTOMER_CHAT, "menu.book", message_id=777))
        == 200
    )
    [answered] = await api.wait_for("answerCallbackQuery")
    assert answered["callback_query_id"]
    [edited] = await api.wait_for("editMessageReplyMarkup")
    assert (edited["chat_id"], edited["message_id"]) == (CUSTOMER_CHAT, 777)
    assert "reply_markup" not in edited or not edited["reply_markup"]
    replies = await api.wait_for("sendMessage", 2, chat_id=CUSTOMER_CHAT)
    assert "What's going wrong" in replies[1]["text"]


@pytest.mark.parametrize("secret", [None, "wrong-secret", SECRET + "x", ""])
async def test_a_wrong_or_missing_secret_is_refused_and_stores_nothing(
    service: Client, api: FakeBotApi, secret: str | None
) -> None:
    assert await post_update(service, command_update(CUSTOMER_CHAT, "/start"), secret=secret) == 403
    async with service.app[SESSIONS]() as session:
        assert await session.scalar(select(func.count()).select_from(InboundMessageRow)) == 0
    await service_settled(service.app)
    assert api.messages_to(CUSTOMER_CHAT) == []


async def test_garbage_with_the_right_secret_is_a_400(service: Client) -> None:
    response = await service.post(WEBHOOK, data=b"{not json", headers={SECRET_HEADER: SECRET})
    assert response.status == 400


async def test_the_same_update_twice_is_handled_once(service: Client, api: FakeBotApi) -> None:
    update = command_update(CUSTOMER_CHAT, "/start")
    assert await post_update(service, update) == 200
    assert await post_update(service, update) == 200
    await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    await service_settled(service.app)
    assert len(api.messages_to(CUSTOMER_CHAT)) == 1


async def test_a_reply_over_4096_characters_arrives_as_two_messages(
    service: Client, api: FakeBotApi
) -> None:
    await post_update(service, callback_update(CUSTOMER_CHAT, "menu.talk", message_id=700))
    await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    long_text = "\n".join(f"line {n}: the printer shows error E{n:04d} again" for n in range(120))
    assert len(long_text) > 5000
    await post_update(service, message_update(CUSTOMER_CHAT, long_text[:4096]))
    relayed = await api.wait_for("sendMessage", 2, chat_id=ADMIN_CHAT)
    assert [len(m["text"]) <= 4096 for m in relayed] == [True, True]
    assert relayed[0]["text"].startswith("Message from Thandi Mokoena (Telegram)")
    last_line = long_text[:4096].splitlines()[-1]
    assert relayed[1]["text"].endswith(f"{last_line}\n(Reply to this to answer.)")


async def test_a_429_is_waited_out_and_the_message_delivered_once(
    service: Client, api: FakeBotApi
) -> None:
    api.fail_next("sendMessage", status=429, retry_after=1)
    await post_update(service, command_update(CUSTOMER_CHAT, "/start"))
    await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT, timeout=15)
    await service_settled(service.app)
    attempts = api.calls_to("sendMessage", include_failed=True)
    assert len(attempts) == 2  # the refused one, then the one delivered
    assert len(api.messages_to(CUSTOMER_CHAT)) == 1


async def test_a_customer_who_blocked_the_bot_is_marked_unreachable_and_the_technician_told(
    service: Client, api: FakeBotApi
) -> None:
    api.block_chat(CUSTOMER_CHAT)
    await post_update(service, command_update(CUSTOMER_CHAT, "/start"))
    [alert] = await api.wait_for("sendMessage", chat_id=ADMIN_CHAT)
    assert alert["text"].startswith("Could not reach Thandi Mokoena on Telegram")
    async with SqlUnitOfWork(service.app[SESSIONS]) as uow:
        customer = await uow.customers.by_identity(Channel.TELEGRAM, str(CUSTOMER_CHAT))
    assert customer is not None and customer.identities[0].reachable is False


async def test_photos_and_documents_reach_the_technician(service: Client, api: FakeBotApi) -> None:
    api.add_file("photo-1", picture("PNG"))
    api.add_file("doc-1", b"%PDF-1.7 error log", "documents/log.pdf")
    await post_update(service, callback_update(CUSTOMER_CHAT, "menu.talk", message_id=701))
    await post_update(service, photo_update(CUSTOMER_CHAT, "photo-1", caption="The error screen"))
    await post_update(
        service,
        document_update(
            CUSTOMER_CHAT, "doc-1", file_name="log.pdf", mime_type="application/pdf", file_size=18
        ),
    )
    [photo] = await api.wait_for("sendPhoto", chat_id=ADMIN_CHAT)
    assert shape(photo["photo"].data) == ("PNG", (64, 48))
    assert photo["caption"] == "The error screen"
    [document] = await api.wait_for("sendDocument", chat_id=ADMIN_CHAT)
    assert (document["document"].filename, document["document"].data) == (
        "log.pdf",
        b"%PDF-1.7 error log",
    )
    assert len(api.calls_to("getFile")) == 2


async def test_sharing_a_phone_number_is_acknowledged(service: Client, api: FakeBotApi) -> None:
    await post_update(service, contact_update(CUSTOMER_CHAT, "27821234567"))
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert "+27821234567" in reply["text"]


async def test_a_customer_typing_an_admin_command_sees_nothing_of_anyones_jobs(
    service: Client, api: FakeBotApi
) -> None:
    other, sipho = 5600, "Sipho"
    await post_update(
        service, callback_update(other, "menu.book", message_id=702, first_name=sipho)
    )
    await post_update(service, message_update(other, "Laptop screen flickers", first_name=sipho))
    remote = "service.remote-support"
    await post_update(service, callback_update(other, remote, message_id=703, first_name=sipho))
    await post_update(service, message_update(other, "1", first_name=sipho))  # the first free time
    await post_update(service, contact_update(other, "0821234568", first_name=sipho))
    await post_update(
        service, callback_update(other, "booking.yes", message_id=704, first_name=sipho)
    )
    await api.wait_for("sendMessage", chat_id=ADMIN_CHAT)  # the new job card
    await post_update(service, command_update(CUSTOMER_CHAT, "/queue"))
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert "didn't catch that" in reply["text"]
    assert "BG-1001" not in reply["text"] and "flickers" not in reply["text"]
    await post_update(service, command_update(ADMIN_CHAT, "/queue", first_name="Tech"))
    admin_replies = await api.wait_for("sendMessage", 2, chat_id=ADMIN_CHAT)
    assert "BG-1001" in admin_replies[1]["text"] and "flickers" in admin_replies[1]["text"]


async def test_an_admin_command_in_a_stranger_group_is_ignored(
    service: Client, api: FakeBotApi
) -> None:
    assert await post_update(service, command_update(-100777, "/queue")) == 200
    await service_settled(service.app)
    assert api.messages_to(-100777) == []


async def test_a_5000_character_queue_arrives_as_two_messages_split_at_line_ends(
    service: Client, api: FakeBotApi
) -> None:
    async with SqlUnitOfWork(service.app[SESSIONS]) as uow:
        customer = await uow.customers.add(Customer(name="Busy Office"))
        assert customer.id is not None
        for n in range(70):
            problem = f"Workstation {n:02d} cannot reach the shared drive after the update"
            await uow.jobs.add(
                Job(customer_id=customer.id, problem=problem, service_code="wifi-network")
            )
        await uow.commit()
    await post_update(service, command_update(ADMIN_CHAT, "/queue", first_name="Tech"))
    parts = await api.wait_for("sendMessage", 2, chat_id=ADMIN_CHAT)
    whole = "\n".join(p["text"] for p in parts)
    assert len(whole) > 5000 and all(len(p["text"]) <= 4096 for p in parts)
    assert parts[0]["text"].startswith("Open jobs (70):")
    assert parts[1]["text"].startswith("BG-")  # cut between lines, not inside one
    assert whole.count("BG-") == 70


async def test_an_admin_chat_telegram_does_not_know_stops_nothing(
    aiohttp_client: AiohttpClient, api: FakeBotApi, database_url: str, tmp_path: Path
) -> None:
    # A mistyped admin id, or a technician who never pressed Start: "chat not found".
    api.fail_next(
        "setMyCommands",
        status=400,
        description="Bad Request: chat not found",
        retry_after=None,
        times=1000,  # for good: this chat will never be found
    )
    settings = telegram_settings(
        api, database_url, tmp_path / "files", telegram_admin_chat_ids=(42,)
    )
    client = await aiohttp_client(build_app(settings, load_business(None)))
    await api.wait_for("setWebhook")
    await post_update(client, command_update(CUSTOMER_CHAT, "/start"))
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert reply["text"].startswith("Hi Thandi!")


async def test_a_file_too_large_for_telegram_to_hand_over_gets_a_kind_reply(
    service: Client, api: FakeBotApi
) -> None:
    huge = document_update(
        CUSTOMER_CHAT,
        "doc-big",
        file_name="backup.zip",
        mime_type="application/zip",
        file_size=25_000_000,
    )
    assert await post_update(service, huge) == 200
    [reply] = await api.wait_for("sendMessage", chat_id=CUSTOMER_CHAT)
    assert "backup.zip is too large" in reply["text"]
    assert buttons(reply) == MENU
    assert api.calls_to("getFile") == []  # never tried: Telegram would refuse it


async def test_a_status_change_reaches_a_telegram_customer_in_plain_words(
    service: Client, api: FakeBotApi
) -> None:
    await book_with_buttons(service, CUSTOMER_CHAT, "0821234567")
    await api.wait_for("sendMessage", chat_id=ADMIN_CHAT)  # the job card
    press = callback_update(ADMIN_CHAT, "status.BG-1001.in_progress", message_id=713)
    await post_update(service, press)
    sent = await api.wait_for("sendMessage", 7, chat_id=CUSTOMER_CHAT)
    assert sent[-1]["text"] == "BG-1001: the technician has started work."
