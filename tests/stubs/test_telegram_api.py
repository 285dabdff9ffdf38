"""The Bot API stand-in, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from pytest_aiohttp import AiohttpServer
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    MessageEntity,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import filters

from tests.stubs import telegram_updates as tu
from tests.stubs.telegram_api import FakeBotApi, UploadedFile

SLOTS = InlineKeyboardMarkup([[InlineKeyboardButton("Mon 09:00", callback_data="slot:1")]])


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22.2+ warns inside RetryAfter's constructor unless opted in; warnings are errors here
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as stub:
        yield stub


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.file_base_url) as bot:
        yield bot


async def test_get_me_describes_the_bot(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "burbgigz_bot")
    assert api.calls_to("getMe")  # Bot.initialize() already asked once


async def test_send_message_is_recorded_with_its_keyboard_decoded(
    api: FakeBotApi, bot: Bot
) -> None:
    first = await bot.send_message(42, "Pick a slot", reply_markup=SLOTS)
    second = await bot.send_message(42, "42")  # a numeric text stays a string
    other = await bot.send_message(-1001, "Team note")

    assert first.reply_markup == SLOTS
    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.from_user is not None and first.from_user.username == "burbgigz_bot"
    assert (first.chat.type, other.chat.type) == ("private", "supergroup")
    slots = {"inline_keyboard": [[{"text": "Mon 09:00", "callback_data": "slot:1"}]]}
    assert api.messages_to(42) == [
        {"chat_id": 42, "text": "Pick a slot", "reply_markup": slots},
        {"chat_id": 42, "text": "42"},
    ]


async def test_send_photo_records_the_uploaded_bytes(api: FakeBotApi, bot: Bot) -> None:
    upload = InputFile(io.BytesIO(b"\x89PNG-before"), filename="x.png")
    message = await bot.send_photo(42, upload, caption="Before")

    assert message.caption == "Before"
    (params,) = api.calls_to("sendPhoto")
    assert params["photo"] == UploadedFile("x.png", "image/png", b"\x89PNG-before")
    buffer = io.BytesIO()  # what the bot uploaded can be fetched back like on Telegram
    await (await bot.get_file(message.photo[-1].file_id)).download_to_memory(buffer)
    assert buffer.getvalue() == b"\x89PNG-before"


async def test_a_document_sent_by_file_id_records_the_id(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_document(42, "BQACAgQ-existing", caption="Invoice")
    assert api.messages_to(42) == [
        {"chat_id": 42, "document": "BQACAgQ-existing", "caption": "Invoice"}
    ]


async def test_get_file_downloads_the_registered_bytes(api: FakeBotApi, bot: Bot) -> None:
    path = api.add_file("file-abc", b"%PDF-1.7 quote", "documents/file_9.pdf")
    file = await bot.get_file("file-abc")
    buffer = io.BytesIO()
    await file.download_to_memory(buffer)

    assert path == "documents/file_9.pdf"
    assert (file.file_size, buffer.getvalue()) == (14, b"%PDF-1.7 quote")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("no-such-file")


async def test_a_429_raises_retry_after_and_the_retry_is_recorded(
    api: FakeBotApi, bot: Bot
) -> None:
    api.fail_next("sendMessage")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "Hello")
    await bot.send_message(42, "Hello")

    wait = raised.value.retry_after  # a timedelta with PTB_TIMEDELTA=1, else an int
    assert (wait.total_seconds() if isinstance(wait, dtm.timedelta) else wait) == 1
    assert [c.ok for c in api.calls if c.method == "sendMessage"] == [False, True]
    assert [c.status for c in api.calls if c.method == "sendMessage"] == [429, 200]


async def test_other_injected_errors_carry_no_retry_after(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found", times=2)
    for _ in range(2):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(42, "Hello")
    await bot.send_message(42, "Hello")


async def test_a_blocked_chat_is_forbidden(api: FakeBotApi, bot: Bot) -> None:
    api.block_chat(42)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "Your technician is on the way")
    await bot.send_message(43, "Other customers still get messages")
    assert api.messages_to(42) == []


async def test_offline_is_a_network_error_until_back_online(api: FakeBotApi, bot: Bot) -> None:
    api.set_offline(True)
    with pytest.raises(NetworkError):
        await bot.send_message(42, "Hello")
    api.set_offline(False)
    await bot.send_message(42, "Hello")


async def test_a_wrong_token_is_rejected(api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=api.base_url):
            pass


async def test_an_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")


async def test_get_updates_honours_offset(api: FakeBotApi, bot: Bot) -> None:
    api.queue_update(tu.message_update(42, "hi", update_id=10))
    api.queue_update(tu.message_update(42, "again", update_id=11))

    assert [u.update_id for u in await bot.get_updates()] == [10, 11]
    updates = await bot.get_updates(offset=11)
    assert [(u.update_id, u.message and u.message.text) for u in updates] == [(11, "again")]
    assert await bot.get_updates(offset=12) == ()


async def test_get_updates_long_polls(api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9

    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    api.queue_update(tu.command_update(42, "/start"))
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0].message is not None and updates[0].message.text == "/start"


async def test_webhook_and_commands_are_kept(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_webhook("https://burbgigz.test/telegram", secret_token="s3cret_token")
    await bot.set_my_commands([BotCommand("start", "Main menu"), BotCommand("jobs", "My jobs")])

    assert api.webhook is not None and api.webhook["secret_token"] == "s3cret_token"
    assert (await bot.get_webhook_info()).url == "https://burbgigz.test/telegram"
    assert api.commands == [
        {"command": "start", "description": "Main menu"},
        {"command": "jobs", "description": "My jobs"},
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "jobs"]
    with pytest.raises(Conflict):
        await bot.get_updates()
    await bot.delete_webhook()
    assert api.webhook is None


async def test_post_update_delivers_like_telegram(
    api: FakeBotApi, bot: Bot, aiohttp_server: AiohttpServer
) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def webhook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/telegram", webhook)
    server = await aiohttp_server(app)
    await bot.set_webhook(str(server.make_url("/telegram")), secret_token="s3cret")
    update = tu.message_update(42, "hello")

    assert await api.post_update(update) == 200
    assert received == [("s3cret", update)]


async def test_edits_echo_the_message_and_refuse_no_change(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(42, "Pick a slot", reply_markup=SLOTS)
    edited = await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=None)
    assert (edited.text, edited.reply_markup) == ("Pick a slot", None)  # type: ignore[union-attr]
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(42, sent.message_id, reply_markup=None)

    renamed = await bot.edit_message_text("Booked: Mon 09:00", 42, sent.message_id)
    assert renamed.text == "Booked: Mon 09:00"  # type: ignore[union-attr]
    assert await bot.answer_callback_query("4300001", text="Booked")
    assert await bot.send_chat_action(42, "typing")
    assert await bot.delete_message(42, sent.message_id)


async def test_wait_for_waits_then_reports_what_arrived(api: FakeBotApi, bot: Bot) -> None:
    async def later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(42, "Your booking is confirmed")

    task = asyncio.create_task(later())
    (params,) = await api.wait_for("sendMessage", chat_id=42, timeout=5)
    await task
    assert params["text"] == "Your booking is confirmed"
    with pytest.raises(AssertionError, match="Your booking is confirmed"):
        await api.wait_for("sendMessage", 2, chat_id=42, timeout=0.1)


async def test_built_updates_parse_into_ptb_objects(bot: Bot) -> None:
    text = Update.de_json(tu.message_update(42, "hello", reply_to_message_id=3), bot)
    command = Update.de_json(tu.command_update(42, "start job-42", username="thandi_m"), bot)
    press = Update.de_json(tu.callback_update(42, "slot:1", message_id=7), bot)
    contact = Update.de_json(tu.contact_update(42, "27821234567"), bot)
    photo = Update.de_json(tu.photo_update(42, "AgACAgQ-big", caption="Screen"), bot)
    document = Update.de_json(tu.document_update(42, "BQAC-doc", file_name="q.pdf"), bot)

    assert text.message and text.message.text == "hello"
    assert text.message.reply_to_message and text.message.reply_to_message.message_id == 3
    assert text.effective_user and text.effective_user.full_name == "Thandi Mokoena"
    assert text.effective_chat and (text.effective_chat.id, text.effective_chat.type) == (
        42,
        "private",
    )
    assert command.message and command.message.entities[0].type == MessageEntity.BOT_COMMAND
    assert command.message.parse_entities() == {command.message.entities[0]: "/start"}
    assert filters.COMMAND.check_update(command)
    assert command.effective_user and command.effective_user.username == "thandi_m"
    assert press.callback_query and press.callback_query.data == "slot:1"
    assert press.callback_query.message and press.callback_query.message.message_id == 7
    assert press.callback_query.from_user.id == 42
    assert contact.message and contact.message.contact
    assert contact.message.contact.phone_number == "27821234567"
    assert contact.message.contact.user_id == 42  # the sender's own number
    assert photo.message and photo.message.photo[-1].file_id == "AgACAgQ-big"
    assert photo.message.caption == "Screen"
    assert document.message and document.message.document
    assert document.message.document.file_name == "q.pdf"
    assert document.message.document.mime_type == "application/pdf"
    assert text.update_id < command.update_id < press.update_id  # ids count up


async def test_flood_limits_answer_429_with_retry_after_when_asked_for() -> None:
    from telegram.error import RetryAfter
    from telegram.ext import ExtBot

    from tests.stubs.telegram_api import FakeBotApi, TelegramLimits

    async with FakeBotApi(limits=TelegramLimits(overall=2, per_chat=1)) as api:
        bot: ExtBot[None] = ExtBot(api.token, base_url=api.base_url)
        await bot.initialize()
        try:
            await bot.send_message(1, "first")
            with pytest.raises(RetryAfter):
                await bot.send_message(1, "same chat again at once")
            await bot.send_message(2, "another chat")
            with pytest.raises(RetryAfter):
                await bot.send_message(3, "a third send within the second")
        finally:
            await bot.shutdown()
    assert api.rate_limited == 2
