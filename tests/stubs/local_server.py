"""An aiohttp app served on a free loopback port: how every stand-in serves its API. A stand-in
can stop listening (connections refused, open ones dropped) and listen again on the same port."""

from __future__ import annotations

import aiohttp
from aiohttp import web


class LocalServer:
    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self.port = 0

    async def start(self, app: web.Application) -> int:
        """Serve `app`; the port it listens on."""
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await self.listen_again()
        return self.port

    async def stop_listening(self) -> None:
        """Connections to the port are refused, and open ones are dropped."""
        if self._site is not None:
            await self._site.stop()
            self._site = None
        if self._runner is not None and self._runner.server is not None:
            for connection in list(self._runner.server.connections):
                connection.force_close()

    async def listen_again(self) -> None:
        """Listen (again) on the same port, or a free one the first time."""
        assert self._runner is not None, "start() first"
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.port = int(self._runner.addresses[-1][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None


async def post_webhook(url: str, body: bytes, headers: dict[str, str]) -> int:
    """What a provider's stand-in does to call the service back: POST the JSON body, signed in
    `headers`; the service's status."""
    headers = {**headers, "content-type": "application/json"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as answer,
    ):
        return answer.status
