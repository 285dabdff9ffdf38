"""The Telegram channel: webhook or long polling in, TelegramSender out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot.channels.telegram_http import AiohttpRequest
from bot.channels.telegram_send import TelegramSender
from bot.channels.telegram_shape import update_problem
from bot.channels.telegram_updates import ALLOWED_UPDATES, to_inbound
from bot.http_input import read_json, same_secret
from bot.processes.leader import Leadership
from bot.settings import Settings
from domain.messages import Inbound
from domain.ports import FileStore

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
WEBHOOK_PATH = "/telegram/webhook"
POLL_TIMEOUT_SECONDS = 25
MAX_SETUP_DELAY_SECONDS = 60


class TelegramChannel:
    def __init__(
        self,
        settings: Settings,
        files: FileStore,
        accept: Callable[[Inbound], Awaitable[bool]],
        *,
        webhook_secret: str,
        customer_commands: dict[str, str],
        admin_commands: dict[str, str],
        polling: Leadership | None = None,
    ) -> None:
        """`polling`: with several processes, only the one holding it long-polls."""
        assert settings.telegram_bot_token is not None
        self.bot: ExtBot[int] = ExtBot(
            settings.telegram_bot_token.get_secret_value(),
            base_url=settings.telegram_api_base_url,
            base_file_url=settings.telegram_file_base_url,
            request=AiohttpRequest(),
            get_updates_request=AiohttpRequest(connections=1),
            rate_limiter=AIORateLimiter(
                overall_max_rate=settings.telegram_max_messages_per_second, max_retries=3
            ),
        )
        self.sender = TelegramSender(self.bot, files)
        self._settings = settings
        self._accept = accept
        self._secret = webhook_secret
        self._admin_chats = frozenset(settings.telegram_admin_chat_ids)
        self._customer_commands = customer_commands
        self._admin_commands = admin_commands
        self._tasks: set[asyncio.Task[None]] = set()
        self._polling = polling

    async def start(self) -> None:
        """Connect in the background: the service runs even while Telegram cannot be reached."""
        self._spawn(self._set_up())

    async def stop_intake(self) -> None:
        """No more updates: polling and set-up stop (the webhook closes with the server)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        """After the last delivery: release the HTTP client."""
        await self.bot.shutdown()

    async def webhook(self, request: web.Request) -> web.Response:
        if not same_secret(request.headers.get(SECRET_HEADER), self._secret):
            return web.Response(status=403, text="forbidden")
        raw = await read_json(request, self._settings.request_body_seconds)
        if (problem := update_problem(raw)) is not None or not isinstance(raw, dict):
            return web.Response(status=400, text=f"not a Telegram update: {problem}")
        try:
            update = Update.de_json(raw, self.bot)
            message = to_inbound(update, self._admin_chats)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError):
            return web.Response(status=400, text="not a Telegram update")
        # Recorded before we answer: if this raises, Telegram gets a 5xx and sends it again.
        await self._take(update, message)
        return web.Response(status=200)

    async def _take(self, update: Update, message: Inbound | None) -> None:
        if message is not None:
            await self._accept(message)
        if update.callback_query is not None:
            self._spawn(self._acknowledge(update))

    async def _acknowledge(self, update: Update) -> None:
        """Stop the button's spinner and take the spent keyboard away (cosmetic: best effort)."""
        query = update.callback_query
        assert query is not None
        try:
            await query.answer()
            if query.message is not None:
                await self.bot.edit_message_reply_markup(
                    chat_id=query.message.chat.id, message_id=query.message.message_id
                )
        except TelegramError as exc:
            log.info("could not acknowledge a button press: %s", exc.message)

    async def _set_up(self) -> None:
        """Intake first, retried until Telegram answers; then the command menus, best effort."""
        delay = 1.0
        while True:
            try:
                await self.bot.initialize()
                await self._start_intake()
                break
            except InvalidToken:
                log.error("Telegram rejected TELEGRAM_BOT_TOKEN; the Telegram channel is off")
                return
            except TelegramError as exc:
                log.warning("Telegram not reachable (%s); retrying in %.0fs", exc.message, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_SETUP_DELAY_SECONDS)
        mode = self._settings.telegram_mode
        log.info("Telegram connected as @%s (%s mode)", self.bot.username, mode)
        await self._register_commands()

    async def _start_intake(self) -> None:
        if self._settings.telegram_mode == "webhook":
            url = f"{self._settings.base_url}{WEBHOOK_PATH}"
            await self.bot.set_webhook(
                url, secret_token=self._secret, allowed_updates=list(ALLOWED_UPDATES)
            )
        else:
            await self.bot.delete_webhook()
            if self._polling is None:
                self._spawn(self._poll())
            else:  # another process may be polling: this one stands by until it is gone
                self._spawn(self._polling.lead(self._poll))

    async def _register_commands(self) -> None:
        """The "/" menus. A chat the bot cannot see yet (the technician never pressed Start,
        or a mistyped id) is reported, and stops nothing else."""
        menus: list[tuple[dict[str, str], BotCommandScopeChat | None]] = [
            (self._customer_commands, None),
            *((self._admin_commands, BotCommandScopeChat(chat)) for chat in self._admin_chats),
        ]
        for commands, scope in menus:
            try:
                await self.bot.set_my_commands(_commands(commands.items()), scope=scope)
            except TelegramError as exc:
                where = f"admin chat {scope.chat_id}" if scope else "customers"
                log.warning("Telegram refused the command menu for %s: %s", where, exc.message)

    async def _poll(self) -> None:
        offset: int | None = None
        delay = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=POLL_TIMEOUT_SECONDS,
                    allowed_updates=list(ALLOWED_UPDATES),
                )
                for update in updates:
                    await self._take(update, to_inbound(update, self._admin_chats))
                    offset = update.update_id + 1  # confirmed only once recorded
                delay = 1.0
            except TelegramError as exc:
                log.warning("Telegram polling: %s; retrying in %.0fs", exc.message, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_SETUP_DELAY_SECONDS)
            except Exception:  # the database is away: keep the updates unconfirmed, retry
                log.exception("could not record Telegram updates; retrying in %.0fs", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_SETUP_DELAY_SECONDS)

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def _commands(pairs: Iterable[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]
