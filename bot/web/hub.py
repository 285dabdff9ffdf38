"""Live pushes to open web pages: each web chat (a customer's session, the console) has its
listeners; a message delivered to that chat is handed to each of them. In-process: another
process's messages come by its notice (bot/processes/fanout.py); the mailbox table is the record."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Event = dict[str, Any]
MAX_WAITING = 200  # a listener that stopped reading loses the newest, not the process's memory


class Hub:
    def __init__(self) -> None:
        self._listeners: dict[str, set[asyncio.Queue[Event]]] = {}

    @contextmanager
    def listen(self, address: str) -> Iterator[asyncio.Queue[Event]]:
        queue: asyncio.Queue[Event] = asyncio.Queue(MAX_WAITING)
        self._listeners.setdefault(address, set()).add(queue)
        try:
            yield queue
        finally:
            listeners = self._listeners.get(address, set())
            listeners.discard(queue)
            if not listeners:
                self._listeners.pop(address, None)

    def listening(self, address: str) -> bool:
        return address in self._listeners

    def addresses(self) -> list[str]:
        """The chats with a page open here."""
        return list(self._listeners)

    def publish(self, address: str, event: Event) -> None:
        for queue in self._listeners.get(address, ()):
            if not queue.full():
                queue.put_nowait(event)
