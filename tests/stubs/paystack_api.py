"""A local stand-in for Paystack's customers and payment requests and its signed webhooks,
driven by pypaystack2 pointed at it.

`async with FakePaystack() as paystack:` then PAYSTACK_API_BASE_URL is `paystack.base_url` and
PAYSTACK_SECRET_KEY `paystack.secret_key`. It answers `POST /customer/` (one customer per
e-mail), `POST /paymentrequest`, `GET /paymentrequest` (by customer), `GET
/paymentrequest/{code}` and `POST /paymentrequest/archive/{code}`, each with Paystack's
`{status, message, data}` envelope. `pay(code)` posts a `paymentrequest.success` event to the
service's `/webhooks/paystack`, signed with HMAC-SHA512 of the body by the secret key in
`x-paystack-signature`; it can forge the signature or change the amount."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any, Self

from aiohttp import web

from tests.stubs.local_server import LocalServer, post_webhook

WEBHOOK_PATH = "/webhooks/paystack"
JSON = dict[str, Any]


class FakePaystack:
    name = "paystack"

    def __init__(self) -> None:
        self.secret_key = "sk_test_stand_in_paystack"
        self.customers: dict[str, JSON] = {}  # by e-mail
        self.requests: dict[str, JSON] = {}  # by request code
        self.webhook_target = ""
        self.down = False  # every API call answered 503
        self._sent: list[bytes] = []
        self._server = LocalServer()
        self._port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def settings(self) -> dict[str, Any]:
        return {"paystack_secret_key": self.secret_key, "paystack_api_base_url": self.base_url}

    @property
    def links(self) -> dict[str, JSON]:
        return self.requests

    def status_of(self, code: str) -> str:
        """pending, success or archived, in the stand-ins' common words: active, paid, inactive."""
        found = self.requests[code]
        if found["archived"]:
            return "inactive"
        return "paid" if found["paid"] else "active"

    def paid_quietly(self, code: str) -> None:
        self.requests[code].update(paid=True, status="success")

    async def pay(
        self, code: str, *, amount: int | None = None, forged: bool = False, stale: bool = False
    ) -> int:
        assert not stale, "Paystack signs no timestamp"
        found = self.requests[code]
        found.update(paid=True, status="success")
        event = {
            "event": "paymentrequest.success",
            "data": {
                "id": found["id"],
                "request_code": code,
                "amount": found["amount"] if amount is None else amount,
                "currency": found["currency"],
                "status": "success",
                "paid": True,
                "paid_at": datetime.now(UTC).isoformat(),
            },
        }
        body = json.dumps(event).encode()
        self._sent.append(body)
        return await self._post(body, forged=forged)

    async def replay(self) -> int:
        return await self._post(self._sent[-1])

    async def _post(self, body: bytes, *, forged: bool = False) -> int:
        key = b"someone-else" if forged else self.secret_key.encode()
        headers = {
            "x-paystack-signature": hmac.new(key, body, hashlib.sha512).hexdigest(),
        }
        return await post_webhook(self.webhook_target + WEBHOOK_PATH, body, headers)

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_post("/customer/", self._customer)
        app.router.add_post("/paymentrequest", self._create)
        app.router.add_get("/paymentrequest", self._list)
        app.router.add_get("/paymentrequest/{code}", self._fetch)
        app.router.add_post("/paymentrequest/archive/{code}", self._archive)
        self._port = await self._server.start(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._server.stop()

    def _refused(self, request: web.Request) -> web.Response | None:
        if self.down:
            return web.json_response({"status": False, "message": "Unavailable"}, status=503)
        if request.headers.get("Authorization") != f"Bearer {self.secret_key}":
            return web.json_response({"status": False, "message": "Invalid key"}, status=401)
        return None

    async def _customer(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        body = await request.json()
        email = str(body["email"])
        number = len(self.customers) + 1
        customer = self.customers.setdefault(
            email,
            {
                "id": number,
                "customer_code": f"CUS_{number:06d}",
                "email": email,
                "first_name": body.get("first_name"),
                "phone": body.get("phone"),
                "risk_action": "default",
            },
        )
        return _ok("Customer created", customer)

    async def _create(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        body = await request.json()
        number = len(self.requests) + 1
        code = f"PRQ_{number:06d}"
        self.requests[code] = {
            "id": number,
            "request_code": code,
            "customer": body["customer"],
            "amount": int(body["amount"]),
            "currency": body.get("currency", "NGN"),
            "description": body.get("description"),
            "metadata": body.get("metadata"),
            "status": "pending",
            "paid": False,
            "archived": False,
            "line_items": [],
            "tax": [],
            "offline_reference": f"{number:010d}",
            "created_at": datetime.now(UTC).isoformat(),
        }
        return _ok("Payment request created", self.requests[code])

    async def _list(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        customer = request.query.get("customer")
        listed = [r for r in self.requests.values() if customer in (None, r["customer"])]
        return _ok("Payment requests retrieved", listed)

    async def _fetch(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        found = self.requests.get(request.match_info["code"])
        if found is None:
            return web.json_response({"status": False, "message": "Not found"}, status=404)
        return _ok("Payment request retrieved", found)

    async def _archive(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        found = self.requests.get(request.match_info["code"])
        if found is None:
            return web.json_response({"status": False, "message": "Not found"}, status=404)
        found["archived"] = True
        return web.json_response({"status": True, "message": "Payment request has been archived"})


def _ok(message: str, data: Any) -> web.Response:
    return web.json_response({"status": True, "message": message, "data": data})
