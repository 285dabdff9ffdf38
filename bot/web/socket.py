"""One web chat's WebSocket, the same for a customer and for the console: the history first,
then every new message as it is delivered; what the page sends goes to the dispatcher."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from yarl import URL

from bot.web.channel import WebChannel
from bot.web.pages import MAX_TEXT
from bot.web.site import WEB_SITE, WebSite

MAX_FRAME_BYTES = 64 * 1024
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


def same_origin(request: web.Request, base_url: str) -> bool:
    """The page that opened the socket (or posted) is ours: its Origin is our address."""
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    allowed = {_origin(URL(base_url)), f"{request.scheme}://{request.host}"}
    return origin in allowed


def _origin(url: URL) -> str:
    return str(url.origin())


async def chat_socket(
    request: web.Request,
    site: WebSite,
    address: str,
    *,
    replies: bool = False,
    earlier: Sequence[dict[str, Any]] = (),
) -> web.StreamResponse:
    """`replies`: the page may answer a given message (the console replying to a customer);
    `earlier`: shown before the chat's own history (the portal: the other channels')."""
    channel = site.channel
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES)
    await socket.prepare(request)
    site.sockets.add(socket)
    sending = asyncio.Lock()  # pushes and answers take turns on the one socket
    client = site.client_address(request)

    async def send(event: dict[str, Any]) -> None:
        async with sending:
            await socket.send_json(event)

    with channel.hub.listen(address) as queue:
        # Listening first, so nothing said meanwhile is missed; what the history holds
        # already is not pushed again.
        shown: set[int] = set()
        for event in earlier:
            await send(event)
        for event in await channel.history(address):
            await send(event)
            shown.add(event["seq"])
        pusher = asyncio.create_task(_push(send, queue, shown))
        try:
            async for frame in socket:
                if frame.type is WSMsgType.TEXT:
                    data = _json(frame.data)
                    await send(await _take(channel, address, data, replies, client))
        finally:
            site.sockets.discard(socket)
            pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pusher
    return socket


async def close_pages(app: web.Application) -> None:
    """On shutdown: open chats are told we are going away (pages reconnect by themselves),
    status streams end."""
    site = app.get(WEB_SITE)
    if site is None:
        return
    site.closing.set()
    site.changes.bump()  # status streams waiting for a change see the closing at once
    for socket in list(site.sockets):
        await socket.close(code=WSCloseCode.GOING_AWAY, message=b"restarting")


async def _push(
    send: Callable[[dict[str, Any]], Awaitable[None]],
    queue: asyncio.Queue[dict[str, Any]],
    shown: set[int],
) -> None:
    while True:
        event = await queue.get()
        if event["seq"] not in shown:  # a message may come twice (a notice after a reconnect)
            shown.add(event["seq"])
            await send(event)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        return None


async def _take(
    channel: WebChannel, address: str, data: Any, replies: bool, client: str
) -> dict[str, Any]:
    """One message from the page; the answer says it is safely kept (or why not)."""
    if not isinstance(data, dict):
        return {"type": "error", "text": "That message could not be read."}
    client_id = str(data.get("id", ""))
    if not _CLIENT_ID.match(client_id):
        return {"type": "error", "text": "That message could not be read."}
    text = str(data.get("text", ""))[:MAX_TEXT]
    option = data.get("option")
    reply_to = data.get("reply_to")
    chosen = None
    if isinstance(option, str) and option:
        chosen = (option[:200], str(data.get("label", option))[:200])
    elif not text.strip():
        return {"type": "error", "id": client_id, "text": "Type a message first."}
    await channel.receive(
        address,
        client_id,
        text=text if chosen is None else "",
        option=chosen,
        reply_to=str(reply_to)[:64] if replies and reply_to else None,
        client_address=client,
    )
    return {"type": "ack", "id": client_id}
