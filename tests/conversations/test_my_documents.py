"""/documents: a customer's own files with fresh links; nobody else's; links that expire."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from aiohttp import web

from bot.files.file_links import FileLinks, serve_linked_file
from domain.customers import Channel
from domain.messages import Attachment
from storage.files import LocalFileStore
from tests.support.bookings import book_remote_support
from tests.support.chat import Person
from tests.support.scene import ADMIN, Scene


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(token: str) -> dict[str, object]:
    payload = token.partition(".")[0]
    decoded: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=="))
    return decoded


async def a_job_with_a_photo(person: Callable[..., Person], number: str, name: str) -> str:
    customer = person(Channel.SMS, number, name="")
    reference = await book_remote_support(customer, f"{name}'s printer")
    technician = person(Channel.TELEGRAM, ADMIN.address, name="Tech")
    photo = Attachment(f"{name}.jpg", "image/jpeg", f"{name}.jpg")
    await technician.send(f"{reference} after", media=(photo,))
    await technician.send(f"{reference} private", media=(photo,))
    return reference


async def test_each_customer_gets_links_to_their_own_files_only(scene: Scene) -> None:
    thandi_job = await a_job_with_a_photo(scene.person, "+27821110001", "thandi")
    sipho_job = await a_job_with_a_photo(scene.person, "+27821110002", "sipho")
    # The integration service signs links with this secret; the app serves them so.
    links = FileLinks(_secret, "https://burbgigz.test", scene.clock)
    files = LocalFileStore(scene.files)

    [mine] = await scene.person(Channel.SMS, "+27821110002").send("my documents")

    assert mine.text.startswith("Your documents and photos (each link works for 7 days):")
    [line] = mine.text.splitlines()[1:]  # the private one is not listed
    assert line.startswith(f"{sipho_job} photo after (sipho.jpg): https://burbgigz.test/f/")
    assert thandi_job not in mine.text
    token = line.rsplit("/f/", 1)[1]
    served = await serve_linked_file(links, files, token)
    assert served.status == 200 and served.content_type == "image/jpeg"

    # Pointing the link at someone else's file breaks its signature.
    [theirs] = await scene.person(Channel.SMS, "+27821110001").send("/documents")
    their_key = claims(theirs.text.splitlines()[1].rsplit("/f/", 1)[1])["k"]
    forged = b64(json.dumps(claims(token) | {"k": their_key}).encode())
    with pytest.raises(web.HTTPNotFound):
        await serve_linked_file(links, files, f"{forged}.{token.partition('.')[2]}")

    scene.clock.advance(days=7, minutes=1)
    with pytest.raises(web.HTTPForbidden) as expired:
        await serve_linked_file(links, files, token)
    assert expired.value.text == "this link has expired"


async def test_each_file_is_named_for_what_it_is(scene: Scene) -> None:
    customer = scene.person(Channel.SMS, "+27821110003", name="")
    reference = await book_remote_support(customer, "Slow laptop")
    technician = scene.technician()
    for word in ("before", "after"):
        photo = Attachment(f"{word}.jpg", "image/jpeg", f"{word}.jpg")
        await technician.send(f"{reference} {word}", media=(photo,))
    [mine] = await customer.send("/documents")
    labels = [line.split(": https://")[0] for line in mine.text.splitlines()[1:]]
    assert labels == [
        f"{reference} photo before (before.jpg)",
        f"{reference} photo after (after.jpg)",
        f"{reference} before and after ({reference}-before-and-after.jpg)",
    ]


async def test_no_files_yet_is_said_plainly(scene: Scene) -> None:
    [reply] = await scene.person().send("/documents")
    assert reply.text.split("\n\n")[0] == "There are no documents or photos of your jobs yet."


async def _secret() -> str:
    return "file links in tests"
