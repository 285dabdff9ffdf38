"""The whole app on a real port with nothing configured but its database (the embedded
default: the web chat and the console are its only channels), and a web chat driven over
its WebSocket as a page would."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bot.settings import Settings
from tests.support.images import picture

ADMIN_TOKEN = "console-token-for-the-tests"
LINK = re.compile(r"(https?://\S+/s/[A-Za-z0-9_-]+)")
PHOTO = picture("PNG", (80, 60))  # a real picture: the media intake opens and cleans it


def web_settings(database_url: str, files: Any, port: int, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "files_dir": files,
        "port": port,
        "public_base_url": f"http://127.0.0.1:{port}",
        "admin_token": ADMIN_TOKEN,
    }
    return Settings(_env_file=None, **(values | overrides))


@dataclass
class WebService:
    server: TestServer
    url: str

    def browser_session(self) -> aiohttp.ClientSession:
        """A visitor of their own: their own cookies (kept for 127.0.0.1 too)."""
        return aiohttp.ClientSession(self.url, cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def signed_in(self, session: aiohttp.ClientSession) -> str:
        """Sign the session in to the console; the page's CSRF token."""
        response = await session.post(
            "/admin/sign-in", data={"token": ADMIN_TOKEN}, headers={"Origin": self.url}
        )
        assert response.status == 200 and response.url.path == "/admin"
        return csrf_of(await response.text())


def csrf_of(html: str) -> str:
    found = re.search(r'data-csrf="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@dataclass
class WebChat:
    """One open chat page (a customer's, or the console) over the WebSocket."""

    session: aiohttp.ClientSession
    url: str
    path: str = "/ws"
    events: list[dict[str, Any]] = field(default_factory=list)
    _socket: aiohttp.ClientWebSocketResponse | None = None
    _reader: asyncio.Task[None] | None = None

    async def open(self) -> WebChat:
        self._socket = await self.session.ws_connect(self.path, origin=self.url)
        self._reader = asyncio.create_task(self._read())
        return self

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        assert self._socket is not None
        async for frame in self._socket:
            if frame.type is aiohttp.WSMsgType.TEXT:
                self.events.append(frame.json())

    async def send(self, **frame: Any) -> str:
        assert self._socket is not None
        frame_id = uuid.uuid4().hex
        await self._socket.send_json({"id": frame_id, **frame})
        await self.wait_for(lambda e: e.get("type") == "ack" and e.get("id") == frame_id)
        return frame_id

    async def books_until_the_number(self, problem: str) -> dict[str, Any]:
        """Remote support booked for `problem` at the first free time, a name given if asked:
        the chat's next question (the web chat asks for a mobile number there)."""
        await self.says("book")
        await self.says(problem)
        await self.says("1")  # remote support
        asked = await self.says("1")  # the first free time
        if asked["text"].startswith("What name"):
            asked = await self.says("Thandi")
        return asked

    async def says(self, text: str, expect: str | None = None) -> dict[str, Any]:
        """Write `text`; the answer containing `expect` (or the next answer at all)."""
        before = len(self.answers())
        await self.send(text=text)
        return await self.wait_for(
            lambda e: e in self.answers()[before:] and (expect is None or expect in e["text"])
        )

    async def chooses(self, option: str, expect: str | None = None) -> dict[str, Any]:
        """Press the option (a button's id); the answer containing `expect` (or the next)."""
        before = len(self.answers())
        await self.send(option=option)
        return await self.wait_for(
            lambda e: e in self.answers()[before:] and (expect is None or expect in e["text"])
        )

    def answers(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("type") == "message" and not e["mine"]]

    async def sees(self, text: str) -> dict[str, Any]:
        return await self.wait_for(lambda e: e.get("type") == "message" and text in e["text"])

    async def wait_for(self, wanted: Any, timeout: float = 10.0) -> dict[str, Any]:  # noqa: ASYNC109
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if found := [e for e in self.events if wanted(e)]:
                return found[-1]
            if asyncio.get_running_loop().time() > deadline:
                texts = "\n".join(str(e.get("text", e)) for e in self.events)
                raise AssertionError(f"not seen in time; the page got:\n{texts}")
            await asyncio.sleep(0.02)

    async def book(self) -> tuple[str, str]:
        """A remote support session booked in the web chat: its reference and status link."""
        await self.says("book")
        await self.says("My laptop will not switch on")
        await self.says("1")  # remote support
        asked = await self.says("1")  # the first free time
        if asked["text"].startswith("What name"):
            await self.says("Thandi")
        done = await self.says("1", expect="Booked!")  # yes, book it
        reference = done["text"].removeprefix("Booked! ").split(":")[0]
        link = LINK.search(done["text"])
        assert link, done["text"]
        return reference, link.group(1)


async def next_event(stream: aiohttp.ClientResponse) -> tuple[str, str]:
    """A status stream's next named event; comment lines (its 'still here') are skipped."""
    name = ""
    while line := (await stream.content.readline()).decode():
        if line.startswith("event: "):
            name = line.removeprefix("event: ").strip()
        elif line.startswith("data: ") and name:
            return name, json.loads(line.removeprefix("data: "))
    raise AssertionError("the stream ended")


def photo_form(caption: str = "", frame_id: str = "photo-0001") -> aiohttp.FormData:
    """An upload of PHOTO as the chat page and the console post it."""
    form = aiohttp.FormData()
    form.add_field("id", frame_id)
    form.add_field("caption", caption)
    form.add_field("file", PHOTO, filename="photo.png", content_type="image/png")
    return form


def stored(console: WebChat) -> list[str]:
    """The console's notes that a file was stored with a job."""
    return [m["text"] for m in console.answers() if m["text"].startswith("Stored 1 file")]
