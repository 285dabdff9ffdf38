"""A local stand-in for Yoco's Payment Links API and its signed webhooks, driven by the
service's own HTTP client.

`async with FakeYoco() as yoco:` then YOCO_API_BASE_URL is `yoco.base_url`, YOCO_SECRET_KEY
`yoco.secret_key`, YOCO_WEBHOOK_SECRET `yoco.webhook_secret`. It answers
`POST /v1/payment_links/` (Bearer key, amounts in cents; the same Idempotency-Key gives back
the same link), `GET /v1/payment_links/{id}` and `POST /v1/payment_links/{id}/deactivate`.
`pay(link_id)` posts a `payment.succeeded` event to the service's `/webhooks/yoco`, signed by
the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature); it can
forge the signature, date it in the past, or change the amount."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from aiohttp import web
from standardwebhooks import Webhook

from tests.stubs.local_server import LocalServer, post_webhook

WEBHOOK_PATH = "/webhooks/yoco"
FORGER_SECRET = "whsec_" + base64.b64encode(b"someone-else").decode()


@dataclass
class YocoLink:
    id: str
    url: str
    amount: int
    currency: str
    external_id: str
    status: str = "active"  # active, paid, inactive


class FakeYoco:
    name = "yoco"

    def __init__(self) -> None:
        self.secret_key = "sk_test_stand_in_yoco"
        self.webhook_secret = "whsec_" + base64.b64encode(b"yoco-stand-in-signing-key").decode()
        self.links: dict[str, YocoLink] = {}
        self.webhook_target = ""  # the service's address, set once it runs
        self.down = False  # every API call answered 503
        self._by_key: dict[str, str] = {}
        self._sent: list[tuple[str, bytes]] = []  # (webhook-id, body) of each event posted
        self._server = LocalServer()
        self._port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def settings(self) -> dict[str, Any]:
        return {
            "yoco_secret_key": self.secret_key,
            "yoco_webhook_secret": self.webhook_secret,
            "yoco_api_base_url": self.base_url,
        }

    def status_of(self, link_id: str) -> str:
        """active, paid or inactive."""
        return self.links[link_id].status

    def paid_quietly(self, link_id: str) -> None:
        """The customer paid, and the webhook was lost."""
        self.links[link_id].status = "paid"

    async def pay(
        self,
        link_id: str,
        *,
        amount: int | None = None,
        forged: bool = False,
        stale: bool = False,
    ) -> int:
        """The customer pays through the link: the event posted to the service; its status."""
        link = self.links[link_id]
        link.status = "paid"
        number = len(self._sent) + 1
        event = {
            "id": f"evt_{number}",
            "type": "payment.succeeded",
            "createdDate": datetime.now(UTC).isoformat(),
            "payload": {
                "id": f"p_{number}",
                "amount": link.amount if amount is None else amount,
                "currency": link.currency,
                "status": "succeeded",
                "metadata": {"paymentLinkId": link.id},
            },
        }
        body = json.dumps(event).encode()
        self._sent.append((f"msg_{number}", body))
        return await self._post(f"msg_{number}", body, forged=forged, stale=stale)

    async def replay(self) -> int:
        """The last event posted again, freshly signed (as Yoco's retries are)."""
        message_id, body = self._sent[-1]
        return await self._post(message_id, body)

    async def _post(
        self, message_id: str, body: bytes, *, forged: bool = False, stale: bool = False
    ) -> int:
        at = datetime.now(UTC) - (timedelta(minutes=10) if stale else timedelta())
        key = (
            "whsec_" + base64.b64encode(b"someone-else").decode() if forged else self.webhook_secret
        )
        signature = Webhook(key).sign(message_id, at, body.decode())
        headers = {
            "webhook-id": message_id,
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": signature,
        }
        return await post_webhook(self.webhook_target + WEBHOOK_PATH, body, headers)

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/payment_links/", self._create)
        app.router.add_get("/v1/payment_links/{id}", self._fetch)
        app.router.add_post("/v1/payment_links/{id}/deactivate", self._deactivate)
        self._port = await self._server.start(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.stop()

    def _authorised(self, request: web.Request) -> bool:
        if self.down:
            raise web.HTTPServiceUnavailable(text='{"message": "Service unavailable"}')
        return request.headers.get("Authorization") == f"Bearer {self.secret_key}"

    async def _create(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "Unauthorized"}, status=401)
        key = request.headers.get("Idempotency-Key", "")
        if key in self._by_key:
            return web.json_response(_shown(self.links[self._by_key[key]]), status=201)
        body = await request.json()
        link_id = f"pl_{len(self.links) + 1:04d}"
        url = f"https://pay.yoco.com/r/{link_id}"
        link = YocoLink(link_id, url, int(body["amount"]), body["currency"], body["external_id"])
        self.links[link_id] = link
        if key:
            self._by_key[key] = link_id
        return web.json_response(_shown(link), status=201)

    async def _fetch(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "Unauthorized"}, status=401)
        link = self.links.get(request.match_info["id"])
        if link is None:
            return web.json_response({"message": "Not found"}, status=404)
        return web.json_response(_shown(link))

    async def _deactivate(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "Unauthorized"}, status=401)
        link = self.links.get(request.match_info["id"])
        if link is None:
            return web.json_response({"message": "Not found"}, status=404)
        if link.status == "active":
            link.status = "inactive"
        return web.json_response(_shown(link))


def _shown(link: YocoLink) -> dict[str, Any]:
    return {
        "id": link.id,
        "url": link.url,
        "amount": link.amount,
        "currency": link.currency,
        "status": link.status,
        "external_id": link.external_id,
    }
