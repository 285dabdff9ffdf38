"""The settings as `--help` and docs/contract.md list them: by what they configure, each with
its default and what it does."""

from __future__ import annotations

import re
import textwrap

from pydantic.fields import FieldInfo

from bot.settings import Settings

# The settings as --help and docs/contract.md list them: by what they configure.
SETTING_GROUPS: dict[str, tuple[str, ...]] = {
    "The service": (
        "port",
        "host",
        "public_base_url",
        "trusted_proxy_hops",
        "admin_token",
        "request_body_seconds",
    ),
    "Database": (
        "database_url",
        "migrations_database_url",
        "database_listen_url",
        "database_pool_size",
    ),
    "Files": (
        "files_backend",
        "files_dir",
        "files_retention_days",
        "supabase_url",
        "supabase_service_role_key",
        "supabase_bucket",
    ),
    "Telegram": (
        "telegram_bot_token",
        "telegram_admin_chat_ids",
        "telegram_mode",
        "telegram_webhook_secret",
        "telegram_api_base_url",
        "telegram_file_base_url",
        "telegram_max_messages_per_second",
        "telegram_messages_per_chat_per_second",
    ),
    "SMS and WhatsApp (Twilio)": (
        "twilio_account_sid",
        "twilio_auth_token",
        "twilio_sms_from",
        "twilio_whatsapp_from",
        "twilio_whatsapp_template_sid",
        "twilio_whatsapp_auth_template_sid",
        "twilio_api_base_url",
        "twilio_media_hosts",
        "twilio_messages_per_second",
    ),
    "E-mail (SMTP relay)": (
        "smtp_host",
        "smtp_port",
        "smtp_username",
        "smtp_password",
        "smtp_starttls",
        "smtp_tls",
        "smtp_timeout_seconds",
        "email_from",
    ),
    "Delivery": ("delivery_max_attempts",),
    "Load-shedding": (
        "eskomsepush_token",
        "eskomsepush_api_base_url",
        "eskomsepush_refresh_minutes",
        "loadshedding_offer_with_warning",
    ),
    "Payments": (
        "payment_provider",
        "yoco_secret_key",
        "yoco_webhook_secret",
        "yoco_api_base_url",
        "paystack_secret_key",
        "paystack_api_base_url",
    ),
    "Google Calendar (the technician's)": (
        "google_refresh_token",
        "google_client_id",
        "google_client_secret",
        "google_service_account_json",
        "google_calendar_id",
        "google_busy_cache_seconds",
        "google_api_base_url",
        "google_token_url",
    ),
    "The business": ("business_config", "business_timezone"),
    "Logs": ("log_level", "log_format"),
}


def settings_help() -> str:
    """Every setting under its group: the name and default on one line, what it does below."""
    lines = ["settings (environment variables; a .env file in the working directory is read too):"]
    for group, names in SETTING_GROUPS.items():
        lines += ["", f"  {group}"]
        for name in names:
            default, description = _default_and_description(Settings.model_fields[name])
            lines.append(f"    {name.upper()}  (default: {default})")
            lines += textwrap.wrap(
                description, 96, initial_indent=" " * 8, subsequent_indent=" " * 8
            )
    return "\n".join(lines)


def _default_and_description(field: FieldInfo) -> tuple[str, str]:
    description = field.description or ""
    if derived := re.search(r"\s*\[(.+)\]$", description):  # "… [what it defaults to]"
        return derived.group(1), description[: derived.start()]
    if field.default in (None, ()):
        return "unset", description
    return str(field.default), description
