"""The Supabase Storage file store, through the official async client (storage3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import httpx
from storage3._async.file_api import AsyncBucketProxy
from storage3.exceptions import StorageApiError
from storage3.types import FileOptions
from supabase import AsyncClient, AsyncClientOptions, acreate_client

from storage.files import FileNotStored, check_key

# Uploads of a few megabytes over a slow uplink; Storage answers small calls at once.
_TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class SupabaseFileStore:
    """Files in one bucket; `signed_url` gives Supabase's own expiring download links."""

    def __init__(self, client: AsyncClient, http: httpx.AsyncClient, bucket: str) -> None:
        self._client = client
        self._http = http
        self._bucket = bucket

    @classmethod
    async def connect(cls, url: str, key: str, bucket: str) -> SupabaseFileStore:
        # Our own HTTP client, so that it is closed with the store (and no deprecated timeouts).
        http = httpx.AsyncClient(timeout=_TIMEOUT)
        options = AsyncClientOptions(
            httpx_client=http, auto_refresh_token=False, persist_session=False
        )
        client = await acreate_client(url, key, options=options)
        return cls(client, http, bucket)

    async def close(self) -> None:
        await self._http.aclose()

    async def bucket_problem(self) -> str | None:
        """What is wrong with the bucket for customers' files, if anything: it must exist and
        be private (a public bucket serves every photo to anyone who has its path)."""
        try:
            bucket = await self._client.storage.get_bucket(self._bucket)
        except StorageApiError as exc:
            if _not_found(exc):
                return f"bucket {self._bucket} does not exist: create it, private"
            return f"Storage refused the service role key or the call ({exc.message})"
        if bucket.public:
            return f"bucket {self._bucket} is public: make it private"
        return None

    def _files(self) -> AsyncBucketProxy:
        return self._client.storage.from_(self._bucket)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        check_key(key)
        # Always name the type: Storage would otherwise keep everything as text/plain.
        options: FileOptions = {"content-type": content_type, "upsert": "true"}
        await self._files().upload(key, data, file_options=options)

    async def get(self, key: str) -> bytes:
        check_key(key)
        try:
            data: bytes = await self._files().download(key)
        except StorageApiError as exc:
            if _not_found(exc):
                raise FileNotStored(key) from None
            raise
        return data

    async def delete(self, keys: Sequence[str]) -> None:
        for key in keys:
            check_key(key)
        if keys:
            await self._files().remove(list(keys))

    async def exists(self, key: str) -> bool:
        check_key(key)
        found: bool = await self._files().exists(key)
        return found

    async def signed_url(self, key: str, valid_for: timedelta) -> str:
        """An absolute link (built on SUPABASE_URL) that Storage serves until it expires."""
        check_key(key)
        seconds = max(1, int(valid_for.total_seconds()))
        signed = await self._files().create_signed_url(key, seconds)
        url = signed["signedURL"]
        if url is None:
            raise FileNotStored(key)
        return str(url)


def _not_found(exc: StorageApiError) -> bool:
    return str(exc.status) == "404" or exc.code in ("not_found", "NoSuchKey")
