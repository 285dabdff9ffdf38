"""POST /webhooks/yoco and /webhooks/paystack: the signature checked on the raw body before
anything is read (401 when wrong, stale or missing: the provider will retry, and a forger
learns nothing), then the paid event taken once. Every event we can read is answered 200, a
replay or a refused amount too: a retry would change nothing. A redirect back from the payment
page is never taken as proof: only these and the reconciliation's own query are."""

from __future__ import annotations

import json
import logging

from aiohttp import web

from bot.payments import paystack_hooks, yoco
from bot.payments.intake import PaymentIntake

log = logging.getLogger(__name__)

YOCO_PATH = "/webhooks/yoco"
PAYSTACK_PATH = "/webhooks/paystack"


class PaymentWebhooks:
    def __init__(
        self,
        intake: PaymentIntake,
        yoco_hooks: yoco.YocoWebhooks | None,
        paystack_key: str | None,
    ) -> None:
        self._intake = intake
        self._yoco = yoco_hooks
        self._paystack_key = paystack_key

    async def yoco(self, request: web.Request) -> web.Response:
        if self._yoco is None:
            raise web.HTTPNotFound(text="Yoco is not configured")
        body = await request.read()
        event = self._yoco.verified(body, request.headers)
        if event is None:
            return web.json_response({"error": "invalid signature"}, status=401)
        paid = yoco.paid_event(event)
        if paid is not None:
            taken = await self._intake.take(paid)
            log.info("Yoco event %s: %s", paid.event_id, taken)
        return web.json_response({"received": True})

    async def paystack(self, request: web.Request) -> web.Response:
        if self._paystack_key is None:
            raise web.HTTPNotFound(text="Paystack is not configured")
        body = await request.read()
        signature = request.headers.get("x-paystack-signature", "")
        if not paystack_hooks.signature_ok(self._paystack_key, body, signature):
            log.warning("Paystack webhook refused: bad signature")
            return web.Response(status=401)
        try:
            event = json.loads(body)
        except ValueError:
            return web.Response(status=400)
        paid = paystack_hooks.paid_event(event)
        if paid is not None:
            taken = await self._intake.take(paid)
            log.info("Paystack event %s: %s", paid.event_id, taken)
        return web.Response(status=200)


PAYMENT_WEBHOOKS = web.AppKey[PaymentWebhooks | None]("payment_webhooks")


async def yoco_webhook(request: web.Request) -> web.Response:
    return await _hooks(request).yoco(request)


async def paystack_webhook(request: web.Request) -> web.Response:
    return await _hooks(request).paystack(request)


def _hooks(request: web.Request) -> PaymentWebhooks:
    hooks = request.app[PAYMENT_WEBHOOKS]
    if hooks is None:
        raise web.HTTPNotFound(text="no payment provider is configured")
    return hooks
