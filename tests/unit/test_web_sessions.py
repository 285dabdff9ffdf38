"""Signed web sessions and their CSRF tokens (the sign-in limit: tests/e2e/test_processes.py)."""

from __future__ import annotations

import time

import pytest

from bot.web import signing


def signer(secret: str = "a secret of the service") -> signing.Signer:
    async def read() -> str:
        return secret

    return signing.Signer(read)


async def test_a_signed_session_opens_and_any_change_to_it_is_refused() -> None:
    token = await signer().sign({"k": "chat", "s": "c123"}, valid_seconds=60)
    assert (await signer().open(token) or {}).get("s") == "c123"
    payload, mac = token.split(".")
    for altered in (changed(payload) + "." + mac, payload + "." + changed(mac), payload, ""):
        assert await signer().open(altered) is None
    assert await signer("another service's secret").open(token) is None


async def test_an_expired_session_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    token = await signer().sign({"k": "admin", "s": "x"}, valid_seconds=60)
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert await signer().open(token) is None


async def test_a_csrf_token_belongs_to_one_session() -> None:
    csrf = await signer().csrf("session-one")
    assert await signer().csrf_ok("session-one", csrf)
    assert not await signer().csrf_ok("session-two", csrf)
    assert not await signer().csrf_ok("session-one", None)


def changed(text: str) -> str:
    """The text with its last character really changed (it may have been an "A" already)."""
    return text[:-1] + ("B" if text.endswith("A") else "A")
