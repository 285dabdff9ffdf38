"""The Supabase file store through the real supabase client, against the Storage stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from storage3.exceptions import StorageApiError

from storage.files import FileNotStored
from storage.supabase_files import SupabaseFileStore
from tests.stubs.supabase_storage import FakeStorage

PDF = b"%PDF-1.4\n% a report\n"


@pytest.fixture
async def storage() -> AsyncIterator[FakeStorage]:
    async with FakeStorage(key="the-service-key") as storage:
        yield storage


@pytest.fixture
async def store(storage: FakeStorage) -> AsyncIterator[SupabaseFileStore]:
    store = await SupabaseFileStore.connect(storage.url, "the-service-key", "burbgigz")
    yield store
    await store.close()


async def test_upload_keeps_the_bytes_and_their_content_type(
    storage: FakeStorage, store: SupabaseFileStore
) -> None:
    await store.put("jobs/1/report.pdf", PDF, "application/pdf")

    stored = storage.objects()["jobs/1/report.pdf"]
    assert (stored.data, stored.content_type) == (PDF, "application/pdf")
    assert await store.get("jobs/1/report.pdf") == PDF
    assert await store.exists("jobs/1/report.pdf")


async def test_a_signed_link_is_absolute_and_served_until_it_expires(
    storage: FakeStorage, store: SupabaseFileStore
) -> None:
    await store.put("jobs/1/report.pdf", PDF, "application/pdf")

    url = await store.signed_url("jobs/1/report.pdf", timedelta(hours=1))

    assert url.startswith(f"{storage.url}/storage/v1/object/sign/burbgigz/jobs/1/report.pdf?")
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as response:  # no key: the link is the permission
            assert response.status == 200
            assert await response.read() == PDF
        storage.clock = lambda: 2e10  # long after the hour
        async with http.get(url) as response:
            assert response.status == 400
            assert (await response.json())["error"] == "InvalidJWT"


async def test_removal_leaves_nothing(storage: FakeStorage, store: SupabaseFileStore) -> None:
    await store.put("jobs/1/a.png", b"\x89PNG", "image/png")
    await store.put("jobs/1/b.png", b"\x89PNG", "image/png")

    await store.delete(["jobs/1/a.png", "jobs/1/b.png", "jobs/1/never-was.png"])

    assert storage.objects() == {}
    assert not await store.exists("jobs/1/a.png")
    with pytest.raises(FileNotStored):
        await store.get("jobs/1/a.png")


async def test_a_wrong_key_is_refused(storage: FakeStorage) -> None:
    store = await SupabaseFileStore.connect(storage.url, "not-the-key", "burbgigz")
    try:
        with pytest.raises(StorageApiError) as refused:
            await store.put("jobs/1/a.png", b"\x89PNG", "image/png")
    finally:
        await store.close()
    assert refused.value.code == "Unauthorized"
    assert storage.objects() == {}
