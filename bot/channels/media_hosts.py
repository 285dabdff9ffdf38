"""Where customers' files may be fetched from: only the platform's own media hosts (a
setting), over http(s), and never with credentials written into the link. A signed webhook
proves the message came from the platform, not that its links point where they should."""

from __future__ import annotations

from collections.abc import Iterable

from yarl import URL

from bot.channels.base import MediaRefused

NOT_FETCHED = "is not at an address I fetch files from"


class MediaHosts:
    def __init__(self, allowed: Iterable[str]) -> None:
        self._allowed = tuple(entry.strip().lower() for entry in allowed if entry.strip())

    def checked(self, link: str | URL) -> URL:
        """The address to fetch, without any user or password in it; MediaRefused when it is
        not http(s) or not one of the allowed hosts."""
        try:
            url = link if isinstance(link, URL) else URL(link)
        except (ValueError, TypeError):
            raise MediaRefused(NOT_FETCHED) from None
        if url.scheme not in ("http", "https") or not url.host:
            raise MediaRefused(NOT_FETCHED)
        if not any(self._matches(entry, url) for entry in self._allowed):
            raise MediaRefused(NOT_FETCHED)
        return url.with_user(None)

    @staticmethod
    def _matches(entry: str, url: URL) -> bool:
        host = (url.host or "").lower()
        pattern, _, port = entry.partition(":") if not entry.startswith("[") else (entry, "", "")
        if port and str(url.port) != port:
            return False
        if pattern.startswith("*."):
            return host.endswith(pattern[1:])
        return host == pattern
