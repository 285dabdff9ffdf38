"""Signed-in customers' portal pages as a browser asks for them, shared by bench.portal (the
app in the bench's own process) and bench.processes (service processes of their own)."""

from __future__ import annotations

import time

import aiohttp
from yarl import URL

from tests.support.web_service import WebChat


class WrongPage(Exception):
    """A portal page that was not the signed-in customer's page it should have been."""


def jar(*urls: str) -> aiohttp.CookieJar:
    """A visitor's cookies: the service sets Secure ones (its public address is https), which
    plain http on the loopback must send back all the same, to each of these addresses."""
    return aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[URL(u) for u in urls])


async def page_seconds(
    browser: aiohttp.ClientSession, path: str, shows: str, hides: str | None = None
) -> float:
    """One portal page, timed: it must be served signed in (not sent to sign in), show
    `shows` and not `hides`."""
    began = time.perf_counter()
    async with browser.get(path, allow_redirects=False) as response:
        body = await response.text()
    took = time.perf_counter() - began
    if response.status != 200:
        where = response.headers.get("Location", "")
        raise WrongPage(f"{response.url} answered {response.status} {where}".rstrip())
    if shows not in body:
        raise WrongPage(f"{response.url} does not show {shows!r}")
    if hides is not None and hides in body:
        raise WrongPage(f"{response.url} shows {hides!r}")
    return took


async def signed_in_by_chat(browser: aiohttp.ClientSession, url: str) -> str:
    """A customer books remote support in the web chat at `url`, then opens the portal from
    the same browser, which its chat signs in (a session row, as every sign-in makes): the
    job's reference. `browser` is based at `url` (the chat's socket is asked for there) and
    keeps its cookies in a `jar` of every address it will visit."""
    await browser.get(url + "/")
    chat = await WebChat(browser, url).open()
    try:
        reference, _ = await chat.book()
    finally:
        await chat.close()
    async with browser.get(url + "/portal/sign-in") as response:
        if response.url.path != "/portal":
            raise WrongPage(f"the chat's browser was not signed in: {response.url}")
    return reference
