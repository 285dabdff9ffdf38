"""A media host for the hostile-input tests: /loop redirects to itself for ever, /photo is a
picture; it notes every request and whether one carried credentials."""

from __future__ import annotations

from aiohttp import web

from tests.stubs.local_server import LocalServer
from tests.support.images import picture


class MediaTrap:
    """A media host the app may be sent to: /loop redirects to itself for ever, /photo is a
    picture; it notes every request and whether one carried credentials."""

    def __init__(self) -> None:
        self.hits = 0
        self.saw_credentials = False
        self._server = LocalServer()

    async def start(self) -> int:
        app = web.Application()
        app.router.add_get("/loop", self._loop)
        app.router.add_get("/photo", self._photo)
        return await self._server.start(app)

    async def stop(self) -> None:
        await self._server.stop()

    @property
    def port(self) -> int:
        return self._server.port

    def _note(self, request: web.Request) -> None:
        self.hits += 1
        self.saw_credentials |= "Authorization" in request.headers

    async def _loop(self, request: web.Request) -> web.Response:
        self._note(request)
        return web.Response(status=302, headers={"Location": "/loop"})

    async def _photo(self, request: web.Request) -> web.Response:
        self._note(request)
        return web.Response(body=picture("PNG", (60, 40)), content_type="image/png")
