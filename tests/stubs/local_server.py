"""An aiohttp app served on a free loopback port: how every stand-in serves its API."""

from __future__ import annotations

from aiohttp import web


class LocalServer:
    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, app: web.Application) -> int:
        """Serve `app`; the port it listens on."""
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
