"""A local stand-in for the Telegram Bot API server, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import json
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Self

import aiohttp
from aiohttp import web

from tests.stubs.local_server import LocalServer

JSON = dict[str, Any]
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")
# PTB sends str values verbatim and JSON-encodes everything else, so the wire cannot tell the
# text "42" from the number 42. These Bot API parameters are strings: never JSON-decode them.
_STRING_PARAMS = frozenset({
    "text", "caption", "parse_mode", "url", "secret_token", "callback_query_id", "file_id",
    "photo", "document", "action", "inline_message_id", "ip_address", "language_code",
    "business_connection_id", "message_effect_id", "title", "description", "phone_number",
})  # fmt: skip
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ApiCall:
    """One request as the server saw it; `at` is `time.monotonic()` (the event loop's clock)."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    status: int = 200


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def response(self) -> web.Response:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return web.json_response(body, status=self.status)


@dataclass
class _Failure:
    error: ApiError
    times: int


_SENDS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


class TelegramLimits:
    """Telegram's documented flood limits for bots: at most `overall` sends in any second,
    and `per_chat` to one chat. A send past either is refused with 429 and retry_after."""

    def __init__(self, overall: int = 30, per_chat: int = 1) -> None:
        self._overall, self._per_chat = overall, per_chat
        self._recent: collections.deque[float] = collections.deque()
        self._recent_by_chat: dict[object, collections.deque[float]] = defaultdict(
            collections.deque
        )

    def check(self, chat_id: object, now: float) -> None:
        chat = self._recent_by_chat[chat_id]
        for sent in (self._recent, chat):
            while sent and sent[0] <= now - 1.0:
                sent.popleft()
        if len(self._recent) >= self._overall or len(chat) >= self._per_chat:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._recent.append(now)
        chat.append(now)


class FakeBotApi:
    """`async with FakeBotApi() as api:` then point PTB at `api.base_url` / `api.file_base_url`."""

    def __init__(
        self, token: str = "123456:TEST-token", *, limits: TelegramLimits | None = None
    ) -> None:
        self.token = token
        # Telegram's flood control, when asked for: sends over the limits get 429.
        self._limits = limits
        self.rate_limited = 0
        # Long polls waiting at once: Telegram allows one poller per bot.
        self.polling_now = self.most_polling_at_once = 0
        self.bot_id = int(token.split(":", 1)[0])
        self.calls: list[ApiCall] = []
        # Called with every successful call as it is recorded (benchmarks time replies by it).
        self.listeners: list[Callable[[ApiCall], None]] = []
        self._handlers: dict[str, Callable[[JSON], Awaitable[Any]]] = {
            "getMe": self._get_me, "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook, "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands, "getMyCommands": self._get_my_commands,
            "sendMessage": self._send_message, "sendPhoto": self._send_photo,
            "sendDocument": self._send_document, "answerCallbackQuery": self._true,
            "editMessageReplyMarkup": self._edit_reply_markup, "editMessageText": self._edit_text,
            "getFile": self._get_file, "getUpdates": self._get_updates,
            "sendChatAction": self._true, "deleteMessage": self._delete_message,
        }  # fmt: skip
        self._canonical = {name.lower(): name for name in self._handlers}  # names are case-blind
        self._failures: dict[str, list[_Failure]] = defaultdict(list)
        self._blocked: set[int] = set()
        self._offline = False
        self._webhook: JSON | None = None
        self._commands: list[JSON] = []
        self._updates: list[JSON] = []
        self._wakeup = asyncio.Event()
        self._closing = False
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._messages: dict[tuple[int, int], JSON] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        self._file_ids = itertools.count(1)
        self._server = LocalServer()
        self._port = 0

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)  # uploads go up to 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._port = await self._server.start(app)

    async def stop(self) -> None:
        self._closing = True  # long polls return at once, so cleanup does not wait on them
        self._wakeup.set()
        await self._server.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # -- test controls ---------------------------------------------------------------------
    def add_file(self, file_id: str, content: bytes, file_path: str | None = None) -> str:
        path = file_path or f"documents/file_{next(self._file_ids)}"
        self._files[file_id] = (path, content)
        return path

    def queue_update(self, update: JSON) -> None:
        self._updates.append(update)
        self._wakeup.set()

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        description: str = "Too Many Requests: retry after 1",
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """The next `times` calls to `method` fail; retry_after is only sent with a 429."""
        error = ApiError(status, description, retry_after if status == 429 else None)
        self._failures[method.lower()].append(_Failure(error, times))

    def block_chat(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def set_offline(self, offline: bool = True) -> None:
        """Answer everything 502 Bad Gateway, which PTB raises as NetworkError."""
        self._offline = offline

    async def post_update(self, update: JSON) -> int:
        """Deliver an update to the registered webhook like Telegram does; returns the status."""
        assert self._webhook is not None, "no webhook set"
        headers = {}
        if secret := self._webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
        async with (
            aiohttp.ClientSession() as session,
            session.post(str(self._webhook["url"]), json=update, headers=headers) as response,
        ):
            return response.status

    # -- inspection ------------------------------------------------------------------------
    def calls_to(self, method: str, *, include_failed: bool = False) -> list[JSON]:
        return [
            c.params
            for c in self.calls
            if c.method.lower() == method.lower() and (c.ok or include_failed)
        ]

    def delivered(self, chat_id: int) -> list[JSON]:
        """The messages as the chat holds them (with their message_id), oldest first."""
        return [m for (chat, _), m in sorted(self._messages.items()) if chat == chat_id]

    def messages_to(self, chat_id: int) -> list[JSON]:
        return [
            c.params
            for c in self.calls
            if c.ok and c.method in SEND_METHODS and c.params.get("chat_id") == chat_id
        ]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        timeout: float = 10,  # noqa: ASYNC109 - a polling deadline, not a cancel scope
    ) -> list[JSON]:
        """Params of the successful calls so far, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                p for p in self.calls_to(method) if chat_id is None or p.get("chat_id") == chat_id
            ]
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                where = f" to chat {chat_id}" if chat_id is not None else ""
                raise AssertionError(
                    f"expected {count} {method} call(s){where} within {timeout}s, got "
                    f"{len(found)}; received:\n{self.summary()}"
                )
            await asyncio.sleep(0.02)

    def summary(self) -> str:
        lines = []
        for c in self.calls:
            text = c.params.get("text", c.params.get("caption", ""))
            lines.append(
                f"  {c.method} [{c.status}] chat_id={c.params.get('chat_id')} {str(text)[:60]!r}"
            )
        return "\n".join(lines) or "  (no calls)"

    @property
    def webhook(self) -> JSON | None:
        return self._webhook

    @property
    def commands(self) -> list[JSON]:
        return self._commands

    # -- HTTP ------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = self._canonical.get(request.match_info["method"].lower())
        method = method or request.match_info["method"]
        params = await _read_params(request)
        try:
            if self._offline:
                raise ApiError(502, "Bad Gateway")
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            handler = self._handlers.get(method)
            if handler is None:
                raise ApiError(404, "Not Found")
            if failures := self._failures.get(method.lower()):
                failure = failures[0]
                failure.times -= 1
                if failure.times <= 0:
                    failures.pop(0)
                raise failure.error
            if params.get("chat_id") in self._blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if self._limits is not None and method in _SENDS:
                self._limits.check(params.get("chat_id"), time.monotonic())
            result = await handler(params)
        except ApiError as err:
            self.rate_limited += err.status == 429
            self.calls.append(ApiCall(method, params, time.monotonic(), False, err.status))
            return err.response()
        call = ApiCall(method, params, time.monotonic())
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if self._offline:
            return ApiError(502, "Bad Gateway").response()
        path = request.match_info["path"]
        content = next((c for p, c in self._files.values() if p == path), None)
        if request.match_info["token"] != self.token or content is None:
            return ApiError(404, "Not Found").response()
        return web.Response(body=content, content_type="application/octet-stream")

    # -- Bot API methods -------------------------------------------------------------------
    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id, "is_bot": True, "first_name": "BurbGigz",
            "username": "burbgigz_bot",
        }  # fmt: skip

    async def _true(self, params: JSON) -> bool:
        return True

    async def _get_me(self, params: JSON) -> JSON:
        return self._bot_user() | {
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }  # fmt: skip

    async def _set_webhook(self, params: JSON) -> bool:
        self._webhook = params if params.get("url") else None  # an empty url removes it
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        return await self._set_webhook({"drop_pending_updates": params.get("drop_pending_updates")})

    async def _get_webhook_info(self, params: JSON) -> JSON:
        hook = self._webhook or {}
        info = {"url": hook.get("url", ""), "has_custom_certificate": False}
        info["pending_update_count"] = len(self._updates)
        return info | {k: hook[k] for k in ("max_connections", "allowed_updates") if k in hook}

    async def _set_my_commands(self, params: JSON) -> bool:
        self._commands = list(params.get("commands") or [])  # scope/language are not kept apart
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return self._commands

    def _chat_id(self, params: JSON) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _chat(self, chat_id: int) -> JSON:
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": "BurbGigz team"}
        return {"id": chat_id, "type": "private", "first_name": "Thandi"}

    def _new_message(self, params: JSON, content: JSON) -> JSON:
        chat_id = self._chat_id(params)
        message_id = next(self._message_ids[chat_id])
        message: JSON = {
            "message_id": message_id, "from": self._bot_user(), "chat": self._chat(chat_id),
            "date": int(time.time()),
        }  # fmt: skip
        self._messages[(chat_id, message_id)] = message | content | _inline_markup(params)
        return self._messages[(chat_id, message_id)]

    async def _send_message(self, params: JSON) -> JSON:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096 and not params.get("parse_mode"):  # markup tags would not count
            raise ApiError(400, "Bad Request: message is too long")
        return self._new_message(params, {"text": text})

    def _file_param(self, params: JSON, key: str) -> tuple[str, int, UploadedFile | None]:
        value = params.get(key)
        if isinstance(value, UploadedFile):  # uploaded: give it an id so getFile can serve it
            number = next(self._file_ids)
            file_id, suffix = f"{key}-{number}", PurePosixPath(value.filename).suffix
            self.add_file(file_id, value.data, f"{key}s/file_{number}{suffix}")
            return file_id, len(value.data), value
        if isinstance(value, str) and value:  # a file_id or a URL
            known = self._files.get(value)
            return value, len(known[1]) if known else 0, None
        raise ApiError(400, f"Bad Request: there is no {key} in the request")

    async def _send_photo(self, params: JSON) -> JSON:
        file_id, size, _ = self._file_param(params, "photo")
        sizes = [
            {"file_id": f"{file_id}-s", "file_unique_id": f"u-{file_id}-s", "width": 90,
             "height": 68, "file_size": min(size, 1500)},
            {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280, "height": 960,
             "file_size": size},
        ]  # fmt: skip
        return self._new_message(params, {"photo": sizes} | _caption(params))

    async def _send_document(self, params: JSON) -> JSON:
        file_id, size, upload = self._file_param(params, "document")
        document: JSON = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": size}
        if upload is not None:
            document |= {"file_name": upload.filename, "mime_type": upload.content_type}
        return self._new_message(params, {"document": document} | _caption(params))

    async def _edit_text(self, params: JSON) -> JSON | bool:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        return True if params.get("inline_message_id") else self._edit(params, {"text": text})

    async def _edit_reply_markup(self, params: JSON) -> JSON | bool:
        return True if params.get("inline_message_id") else self._edit(params, {})

    def _edit(self, params: JSON, content: JSON) -> JSON:
        chat_id, message_id = self._chat_id(params), params.get("message_id")
        if not isinstance(message_id, int):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        old = self._messages.get((chat_id, message_id))
        # an unknown message (e.g. under a hand-built callback update) is edited as if it existed
        base = old or {
            "message_id": message_id, "from": self._bot_user(), "chat": self._chat(chat_id),
            "date": int(time.time()),
        }  # fmt: skip
        new = {k: v for k, v in base.items() if k != "reply_markup"} | content
        new |= _inline_markup(params)
        if old is not None and all(new.get(k) == old.get(k) for k in ("text", "reply_markup")):
            raise ApiError(400, _NOT_MODIFIED)
        self._messages[(chat_id, message_id)] = new | {"edit_date": int(time.time())}
        return self._messages[(chat_id, message_id)]

    async def _delete_message(self, params: JSON) -> bool:
        self._messages.pop((self._chat_id(params), int(params.get("message_id") or 0)), None)
        return True

    async def _get_file(self, params: JSON) -> JSON:
        file_id = params.get("file_id")
        if not isinstance(file_id, str) or file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self._files[file_id]
        if len(content) > 20 * 1024 * 1024:  # the public Bot API serves at most 20 MB
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(content),
            "file_path": path,
        }  # fmt: skip

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self.polling_now += 1
        self.most_polling_at_once = max(self.most_polling_at_once, self.polling_now)
        try:
            return await self._updates_after(params)
        finally:
            self.polling_now -= 1

    async def _updates_after(self, params: JSON) -> list[JSON]:
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            if offset < 0:  # the last -offset updates; everything before is forgotten
                self._updates = self._updates[offset:]
            else:  # an offset confirms every update below it
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            pending = self._updates[: max(1, min(limit, 100))]
            remaining = deadline - time.monotonic()
            if pending or remaining <= 0 or self._closing:
                return pending
            self._wakeup.clear()  # no await since the check, so no update can slip past
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), remaining)


async def _read_params(request: web.Request) -> JSON:
    raw: dict[str, Any] = dict(request.query)
    if request.body_exists and request.content_type == "application/json":
        typed: JSON = await request.json()  # a JSON body carries typed values already
        return {k: _decode(k, v) for k, v in raw.items()} | typed
    if request.body_exists:  # form-urlencoded, or multipart when PTB uploads a file
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                raw[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            else:
                raw[key] = value.decode() if isinstance(value, bytes | bytearray) else value
    return {key: _decode(key, value) for key, value in raw.items()}


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:  # a plain string PTB did not JSON-encode, e.g. chat_id "@channel"
        return value


def _inline_markup(params: JSON) -> JSON:
    # Telegram echoes only inline keyboards; reply keyboards do not appear on the Message
    markup = params.get("reply_markup")
    inline = isinstance(markup, dict) and "inline_keyboard" in markup
    return {"reply_markup": markup} if inline else {}


def _caption(params: JSON) -> JSON:
    caption = params.get("caption")
    if not caption:
        return {}
    if len(caption) > 1024 and not params.get("parse_mode"):
        raise ApiError(400, "Bad Request: message caption is too long")
    return {"caption": caption}
