"""The payment provider the settings choose (PAYMENT_PROVIDER, or whichever key is set), with
its webhooks; none configured, invoices carry the business file's bank details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.payments.yoco import YocoLinks, YocoWebhooks
from bot.settings import Settings
from domain.business import BusinessConfig

if TYPE_CHECKING:
    from bot.payments.paystack import PaystackRequests


@dataclass(frozen=True)
class Provider:
    links: YocoLinks | PaystackRequests
    yoco_hooks: YocoWebhooks | None
    paystack_key: str | None


def payment_provider(settings: Settings, business: BusinessConfig) -> Provider | None:
    if settings.payment_provider == "yoco":
        assert settings.yoco_secret_key and settings.yoco_webhook_secret  # settings check both
        return Provider(
            YocoLinks(settings.yoco_secret_key.get_secret_value(), settings.yoco_api_base_url),
            YocoWebhooks(settings.yoco_webhook_secret.get_secret_value()),
            None,
        )
    if settings.payment_provider == "paystack":
        from bot.payments.paystack import PaystackRequests  # pypaystack2: only when chosen

        assert settings.paystack_secret_key
        key = settings.paystack_secret_key.get_secret_value()
        domain = business.business.email.partition("@")[2] or "example.com"
        return Provider(PaystackRequests(key, settings.paystack_api_base_url, domain), None, key)
    return None
