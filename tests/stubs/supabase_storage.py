"""A local stand-in for Supabase Storage's HTTP API, driven by the real supabase client.

`async with FakeStorage(key="service-role") as storage:` then `acreate_client(storage.url, key)`.
It speaks the endpoints the client calls (upload, download, info, sign and serve, list, remove)
under `/storage/v1`, checks the service key on every authenticated call, and refuses in
Storage's error shape `{"statusCode": "...", "error": "...", "message": "..."}`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

from tests.stubs.local_server import LocalServer

_BASE = "/storage/v1"


@dataclass
class StoredObject:
    data: bytes
    content_type: str
    cache_control: str


def _error(status: int, error: str, message: str) -> web.Response:
    body = {"statusCode": str(status), "error": error, "message": message}
    return web.json_response(body, status=status)


class FakeStorage:
    def __init__(
        self, key: str = "service-role-key", *, buckets: tuple[str, ...] = ("burbgigz",)
    ) -> None:
        self.key = key
        self.buckets: dict[str, dict[str, StoredObject]] = {name: {} for name in buckets}
        self.public_buckets: set[str] = set()
        self.requests: list[tuple[str, str]] = []  # (method, path) of each call, in order
        self.clock: Callable[[], float] = time.time
        self._secret = b"stand-in signing key"
        self._server = LocalServer()
        self._port = 0

    @property
    def url(self) -> str:
        """What SUPABASE_URL would be."""
        return f"http://127.0.0.1:{self._port}"

    def objects(self, bucket: str = "burbgigz") -> dict[str, StoredObject]:
        return self.buckets[bucket]

    async def __aenter__(self) -> Self:
        app = web.Application(client_max_size=64 * 1024**2)
        r = app.router
        r.add_post(_BASE + "/object/sign/{bucket}/{path:.+}", self._sign)
        r.add_get(_BASE + "/object/sign/{bucket}/{path:.+}", self._serve_signed)
        r.add_get(_BASE + "/object/info/{bucket}/{path:.+}", self._info)
        r.add_post(_BASE + "/object/list/{bucket}", self._list)
        r.add_post(_BASE + "/object/{bucket}/{path:.+}", self._upload)
        r.add_get(_BASE + "/object/{bucket}/{path:.+}", self._download)
        r.add_delete(_BASE + "/object/{bucket}", self._remove)
        r.add_get(_BASE + "/bucket/{bucket}", self._get_bucket)
        self._port = await self._server.start(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.stop()

    # -- checks ------------------------------------------------------------------------------
    def _refusal(self, request: web.Request) -> web.Response | None:
        self.requests.append((request.method, request.path))
        if request.headers.get("Authorization") != f"Bearer {self.key}":
            return _error(403, "Unauthorized", "Invalid Compact JWS")
        if request.headers.get("apikey") != self.key:
            return _error(403, "Unauthorized", "Invalid API key")
        if request.match_info["bucket"] not in self.buckets:
            return _error(404, "Bucket not found", "Bucket not found")
        return None

    def _bucket(self, request: web.Request) -> dict[str, StoredObject]:
        return self.buckets[request.match_info["bucket"]]

    def _token(self, bucket: str, path: str, expires: int) -> str:
        message = f"{bucket}/{path}:{expires}".encode()
        return f"{expires}.{hmac.new(self._secret, message, hashlib.sha256).hexdigest()}"

    # -- endpoints ---------------------------------------------------------------------------
    async def _get_bucket(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        name = request.match_info["bucket"]
        stamp = "2026-01-01T00:00:00.000Z"
        return web.json_response(
            {"id": name, "name": name, "owner": "", "public": name in self.public_buckets}
            | {"created_at": stamp, "updated_at": stamp, "file_size_limit": None}
            | {"allowed_mime_types": None}
        )

    async def _upload(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        bucket, path = self._bucket(request), request.match_info["path"]
        if path in bucket and request.headers.get("x-upsert") != "true":
            return _error(409, "Duplicate", "The resource already exists")
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return _error(400, "InvalidRequest", "no file field in the form")
        cache = str(form.get("cacheControl", "3600"))
        bucket[path] = StoredObject(upload.file.read(), upload.content_type, cache)
        name = request.match_info["bucket"]
        return web.json_response(
            {"Key": f"{name}/{path}", "Id": hashlib.md5(path.encode()).hexdigest()}
        )

    async def _download(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        stored = self._bucket(request).get(request.match_info["path"])
        if stored is None:
            return _error(404, "not_found", "Object not found")
        return web.Response(body=stored.data, content_type=stored.content_type)

    async def _info(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        path = request.match_info["path"]
        stored = self._bucket(request).get(path)
        if stored is None:
            return _error(404, "not_found", "Object not found")
        return web.json_response(
            {"name": path, "size": len(stored.data), "content_type": stored.content_type}
        )

    async def _sign(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        bucket, path = request.match_info["bucket"], request.match_info["path"]
        if path not in self._bucket(request):
            return _error(404, "not_found", "Object not found")
        body: dict[str, Any] = await request.json()
        expires = int(self.clock()) + int(body["expiresIn"])
        token = self._token(bucket, path, expires)
        return web.json_response({"signedURL": f"/object/sign/{bucket}/{path}?token={token}"})

    async def _serve_signed(self, request: web.Request) -> web.Response:
        """Anyone holding the link may fetch the file until it expires: no key needed."""
        self.requests.append((request.method, request.path))
        bucket, path = request.match_info["bucket"], request.match_info["path"]
        token = request.query.get("token", "")
        expires_text, _, _ = token.partition(".")
        if not expires_text.isdigit() or not hmac.compare_digest(
            token, self._token(bucket, path, int(expires_text))
        ):
            return _error(400, "InvalidJWT", "invalid signature")
        if int(expires_text) < self.clock():
            return _error(400, "InvalidJWT", '"exp" claim timestamp check failed')
        stored = self.buckets.get(bucket, {}).get(path)
        if stored is None:
            return _error(404, "not_found", "Object not found")
        return web.Response(body=stored.data, content_type=stored.content_type)

    async def _list(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        body: dict[str, Any] = await request.json()
        prefix = str(body.get("prefix", "")).strip("/")
        start = f"{prefix}/" if prefix else ""
        names = sorted(
            path.removeprefix(start).split("/")[0]
            for path in self._bucket(request)
            if path.startswith(start)
        )
        limit, offset = int(body.get("limit", 100)), int(body.get("offset", 0))
        return web.json_response([{"name": name} for name in dict.fromkeys(names)][offset:][:limit])

    async def _remove(self, request: web.Request) -> web.Response:
        if refused := self._refusal(request):
            return refused
        body: dict[str, Any] = await request.json()
        bucket = self._bucket(request)
        removed = [{"name": p} for p in body.get("prefixes", []) if bucket.pop(p, None)]
        return web.json_response(removed)
