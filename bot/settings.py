"""Every operator setting (docs/contract.md), typed and read from the environment and .env."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.setting_errors import describe
from domain.errors import InvalidPhoneNumber
from domain.phones import normalize_phone
from storage.database import (
    DEFAULT_POOL_SIZE,
    DatabaseUrlError,
    normalize_database_url,
    session_connection,
)

_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


class SettingsError(Exception):
    """One line naming the variable at fault; never its (possibly secret) value."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    port: int = Field(8080, ge=1, le=65535, description="where the HTTP server listens")
    host: str = Field("0.0.0.0", description="interface the HTTP server binds")  # noqa: S104
    public_base_url: str | None = Field(
        None, description="the address the world uses [http://localhost:$PORT]"
    )
    database_url: str = Field(
        "sqlite+aiosqlite:///./var/burbgigz.sqlite3",
        description="sqlite+aiosqlite:///… or postgres(ql)://… (Supabase, also its pooler on 6543)",
    )
    migrations_database_url: str | None = Field(
        None, description="connection for migrations, e.g. Supabase's direct one [DATABASE_URL]"
    )
    database_listen_url: str | None = Field(
        None,
        description="session connection for live updates across processes and the leader "
        "locks (Supabase: direct or session pooler on 5432, never 6543) [DATABASE_URL when "
        "it is Postgres and not the transaction pooler]",
    )
    database_pool_size: int = Field(
        DEFAULT_POOL_SIZE,
        ge=2,
        le=200,
        description="Postgres connections each process keeps (the listen connection and the "
        f"leader locks take one or two more) [{DEFAULT_POOL_SIZE}]",
    )
    files_backend: Literal["local", "supabase"] | None = Field(
        None, description="where attachments live [supabase if SUPABASE_URL is set, else local]"
    )
    files_dir: Path = Field(Path("./var/files"), description="local file store [./var/files]")
    supabase_url: str | None = Field(None, description="Supabase project URL")
    supabase_service_role_key: SecretStr | None = Field(None, description="Supabase service key")
    supabase_bucket: str = Field("burbgigz", description="Supabase Storage bucket")
    files_retention_days: int = Field(
        90,
        ge=1,
        description="photos and screenshots are removed this many days after their job closes "
        "(reports and invoices are kept)",
    )
    telegram_bot_token: SecretStr | None = Field(None, description="enables the Telegram channel")
    telegram_api_base_url: str = Field("https://api.telegram.org/bot", description="Bot API server")
    telegram_file_base_url: str = Field(
        "https://api.telegram.org/file/bot", description="file downloads from that server"
    )
    telegram_mode: Literal["webhook", "polling"] | None = Field(
        None, description="[webhook when PUBLIC_BASE_URL is https, else polling]"
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="X-Telegram-Bot-Api-Secret-Token [generated and stored on first start]"
    )
    telegram_max_messages_per_second: float = Field(
        30, gt=0, description="overall send rate to Telegram (its documented bot limit)"
    )
    telegram_messages_per_chat_per_second: float = Field(
        1, gt=0, description="send rate to any one Telegram chat (its documented limit)"
    )
    twilio_messages_per_second: float = Field(
        1, gt=0, description="send rate per Twilio sender number (1 for an SMS long code)"
    )
    delivery_max_attempts: int = Field(
        10,
        ge=1,
        description="failed sends of a message before it is a dead letter (technician told)",
    )
    telegram_admin_chat_ids: Annotated[tuple[int, ...], NoDecode] = Field(
        (), description="comma-separated chat ids of the technician's admin chat(s)"
    )
    twilio_account_sid: str | None = Field(None, description="enables the Twilio channels")
    twilio_auth_token: SecretStr | None = Field(None, description="Twilio auth token")
    twilio_sms_from: str | None = Field(None, description="SMS sender number (E.164)")
    twilio_whatsapp_from: str | None = Field(
        None, description="WhatsApp sender number (E.164, no whatsapp: prefix)"
    )
    twilio_whatsapp_template_sid: str | None = Field(
        None,
        description="Content template (HX…) for WhatsApp outside the 24-hour window; "
        "variables {{1}} first name, {{2}} the message [none: SMS, else the technician is told]",
    )
    twilio_whatsapp_auth_template_sid: str | None = Field(
        None,
        description="Approved authentication template (HX…) for sign-in codes on WhatsApp "
        "outside the 24-hour window; {{1}} the code [none: such codes go by SMS]",
    )
    twilio_api_base_url: str = Field("https://api.twilio.com", description="Twilio REST server")
    twilio_media_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        ("api.twilio.com", "*.twilio.com", "*.twiliocdn.com"),
        description="comma-separated hosts (host or host:port; *.domain for its subdomains) "
        "that customers' SMS and WhatsApp files are fetched from, redirects included; no "
        "other host is ever asked",
    )
    request_body_seconds: float = Field(
        20,
        gt=0,
        description="a request's body must arrive within this many seconds (uploads: twice "
        "that), else 408",
    )
    admin_token: SecretStr | None = Field(
        None, description="signs the technician into the web console [generated on first start]"
    )
    trusted_proxy_hops: int = Field(
        0,
        ge=0,
        le=5,
        description="proxies in front of the service that add to X-Forwarded-For (Heroku, "
        "Render: 1); the console's sign-in limit counts per client address [0: none trusted]",
    )
    eskomsepush_token: SecretStr | None = Field(
        None,
        description="EskomSePush API token: on-site visits avoid load-shedding in the "
        "customer's area ([load_shedding] area ids in the business file) [none: only what the "
        "technician sets with /loadshedding]",
    )
    eskomsepush_api_base_url: str = Field(
        "https://developer.sepush.co.za/business/2.0", description="EskomSePush API server"
    )
    eskomsepush_refresh_minutes: int = Field(
        240,
        ge=15,
        description="an area's load-shedding schedule is asked for again after this long "
        "(every process shares it; the API allows few calls a day)",
    )
    loadshedding_offer_with_warning: bool = Field(
        False,
        description="offer on-site times during load-shedding, marked, instead of leaving them out",
    )
    smtp_host: str | None = Field(None, description="SMTP relay: enables the e-mail channel")
    smtp_port: int = Field(587, ge=1, le=65535, description="the relay's port (465 with SMTP_TLS)")
    smtp_username: str | None = Field(None, description="the relay's user name [no sign-in]")
    smtp_password: SecretStr | None = Field(None, description="the relay's password or API key")
    smtp_starttls: bool = Field(True, description="upgrade the connection with STARTTLS")
    smtp_tls: bool = Field(False, description="TLS from the first byte (465), not STARTTLS")
    smtp_timeout_seconds: float = Field(30.0, gt=0, description="one send's time limit")
    email_from: str | None = Field(
        None,
        description="the sender of every e-mail, e.g. BurbGigz <hello@burbgigz.co.za> "
        "(replies go to the business file's email)",
    )
    payment_provider: Literal["yoco", "paystack"] | None = Field(
        None,
        description="who makes invoices' payment links [yoco if YOCO_SECRET_KEY is set, else "
        "paystack if PAYSTACK_SECRET_KEY is, else none: the business file's bank details]",
    )
    yoco_secret_key: SecretStr | None = Field(None, description="Yoco API secret key (sk_…)")
    yoco_webhook_secret: SecretStr | None = Field(
        None, description="Yoco webhook signing secret (whsec_…), given when the webhook is set"
    )
    yoco_api_base_url: str = Field("https://payments.yoco.com/api", description="Yoco API server")
    paystack_secret_key: SecretStr | None = Field(
        None, description="Paystack secret key (sk_…); it also signs Paystack's webhooks"
    )
    paystack_api_base_url: str = Field("https://api.paystack.co", description="Paystack API server")
    google_client_id: str | None = Field(
        None, description="OAuth client id of the Google Cloud app the refresh token was made with"
    )
    google_client_secret: SecretStr | None = Field(None, description="that OAuth client's secret")
    google_refresh_token: SecretStr | None = Field(
        None,
        description="the technician's Google refresh token (python -m bot google-auth prints "
        "it once): visits go to their Google Calendar and its busy times are not offered",
    )
    google_service_account_json: SecretStr | None = Field(
        None,
        description="instead of a refresh token: a service account's JSON key (the text), the "
        "calendar shared with its e-mail address with 'Make changes to events'",
    )
    google_calendar_id: str = Field(
        "primary",
        description="the calendar written and read (its address, under Settings > Integrate "
        "calendar); a service account needs it set",
    )
    google_api_base_url: str = Field(
        "https://www.googleapis.com/calendar/v3", description="Google Calendar API server"
    )
    google_token_url: str = Field(
        "https://oauth2.googleapis.com/token", description="Google's OAuth token endpoint"
    )
    google_busy_cache_seconds: int = Field(
        60,
        ge=0,
        le=3600,
        description="busy times are asked for again after this long (and at every confirmation)",
    )
    business_config: Path | None = Field(
        None, description="TOML file describing the business [the bundled default]"
    )
    business_timezone: str = Field("Africa/Johannesburg", description="business time zone")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="the least important log lines written"
    )
    log_format: Literal["text", "json"] = Field("text", description="json for production")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("telegram_admin_chat_ids", "twilio_media_hosts", mode="before")
    @classmethod
    def _split_lists(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("public_base_url", "supabase_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("database_url", "migrations_database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                normalize_database_url(value)
            except DatabaseUrlError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("database_listen_url")
    @classmethod
    def _listen_url(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                session_connection(value)
            except DatabaseUrlError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("twilio_sms_from", "twilio_whatsapp_from")
    @classmethod
    def _e164(cls, value: str | None) -> str | None:
        """Twilio knows its senders only in E.164: a local form is refused, with its E.164."""
        if not value:
            return None
        try:
            number = normalize_phone(value)
        except InvalidPhoneNumber:
            raise ValueError("must be a phone number in E.164, like +27821234567") from None
        if value.strip().replace(" ", "") != number:
            raise ValueError(f"must be written in E.164 as Twilio shows it: {number}")
        return number

    @field_validator("twilio_whatsapp_template_sid", "twilio_whatsapp_auth_template_sid")
    @classmethod
    def _content_sid(cls, value: str | None) -> str | None:
        if value and not _CONTENT_SID.match(value):
            raise ValueError("must be a Twilio Content SID: HX followed by 32 hex digits")
        return value or None

    @field_validator(
        "twilio_api_base_url",
        "telegram_api_base_url",
        "telegram_file_base_url",
        "eskomsepush_api_base_url",
        "yoco_api_base_url",
        "paystack_api_base_url",
        "google_api_base_url",
        "google_token_url",
    )
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("business_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known IANA time zone like Africa/Johannesburg") from None
        return value

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        if self.public_base_url is None:
            self.public_base_url = f"http://localhost:{self.port}"
        if self.files_backend is None:
            self.files_backend = "supabase" if self.supabase_url else "local"
        if self.files_backend == "supabase" and not (
            self.supabase_url and self.supabase_service_role_key
        ):
            raise ValueError(
                "FILES_BACKEND=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY"
            )
        if bool(self.twilio_account_sid) != bool(self.twilio_auth_token):
            raise ValueError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together")
        if self.twilio_enabled and not self.twilio_senders:
            raise ValueError("Twilio needs TWILIO_SMS_FROM or TWILIO_WHATSAPP_FROM (or both)")
        if self.twilio_senders and not self.twilio_enabled:
            raise ValueError(
                "TWILIO_SMS_FROM and TWILIO_WHATSAPP_FROM need TWILIO_ACCOUNT_SID and "
                "TWILIO_AUTH_TOKEN"
            )
        if bool(self.smtp_host) != bool(self.email_from):
            raise ValueError("SMTP_HOST and EMAIL_FROM go together")
        if self.smtp_tls and self.smtp_starttls and "smtp_starttls" in self.model_fields_set:
            raise ValueError("SMTP_TLS and SMTP_STARTTLS exclude each other: choose one")
        self._check_google()
        if self.telegram_admin_chat_ids and not self.telegram_bot_token:
            raise ValueError("TELEGRAM_ADMIN_CHAT_IDS needs TELEGRAM_BOT_TOKEN")
        https = self.public_base_url.startswith("https://")
        if self.telegram_mode == "webhook" and not https:
            raise ValueError(
                "TELEGRAM_MODE=webhook needs an https PUBLIC_BASE_URL (Telegram calls only "
                "https addresses); use polling on a machine without one"
            )
        if self.telegram_mode is None:
            self.telegram_mode = "webhook" if https else "polling"
        self._choose_payment_provider()
        return self

    def _choose_payment_provider(self) -> None:
        if self.payment_provider is None:
            if self.yoco_secret_key:
                self.payment_provider = "yoco"
            elif self.paystack_secret_key:
                self.payment_provider = "paystack"
        if self.payment_provider == "yoco" and not (
            self.yoco_secret_key and self.yoco_webhook_secret
        ):
            raise ValueError("Yoco payment links need YOCO_SECRET_KEY and YOCO_WEBHOOK_SECRET")
        if self.payment_provider == "paystack" and not self.paystack_secret_key:
            raise ValueError("Paystack payment links need PAYSTACK_SECRET_KEY")

    def _check_google(self) -> None:
        if self.google_refresh_token and self.google_service_account_json:
            raise ValueError(
                "GOOGLE_REFRESH_TOKEN and GOOGLE_SERVICE_ACCOUNT_JSON: set one, not both"
            )
        oauth_client = (self.google_client_id, self.google_client_secret)
        if self.google_refresh_token and not all(oauth_client):
            raise ValueError("GOOGLE_REFRESH_TOKEN needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET")
        if self.google_service_account_json and self.google_calendar_id == "primary":
            raise ValueError(
                "GOOGLE_SERVICE_ACCOUNT_JSON needs GOOGLE_CALENDAR_ID: the technician's calendar "
                "shared with the service account (its own 'primary' is nobody's)"
            )

    @property
    def google_enabled(self) -> bool:
        return bool(self.google_refresh_token or self.google_service_account_json)

    @property
    def base_url(self) -> str:
        """PUBLIC_BASE_URL after defaulting, for code that needs a plain str."""
        assert self.public_base_url is not None
        return self.public_base_url

    @property
    def listen_url(self) -> str | None:
        """The session connection processes meet on (LISTEN/NOTIFY, leader locks), if any."""
        if self.database_listen_url is not None:
            return self.database_listen_url
        try:
            session_connection(self.database_url)
        except DatabaseUrlError:
            return None  # SQLite (one process), or only the transaction pooler was given
        return self.database_url

    @property
    def twilio_senders(self) -> bool:
        return bool(self.twilio_sms_from or self.twilio_whatsapp_from)

    @property
    def twilio_enabled(self) -> bool:
        return bool(self.twilio_account_sid) and bool(self.twilio_auth_token)

    @property
    def business_zone(self) -> ZoneInfo:
        return ZoneInfo(self.business_timezone)

    def secret_values(self) -> list[str]:
        """Every secret set, so log output can be scrubbed of them."""
        secrets = [
            self.supabase_service_role_key,
            self.telegram_bot_token,
            self.telegram_webhook_secret,
            self.twilio_auth_token,
            self.admin_token,
            self.eskomsepush_token,
            self.smtp_password,
            self.yoco_secret_key,
            self.yoco_webhook_secret,
            self.paystack_secret_key,
            self.google_client_secret,
            self.google_refresh_token,
            self.google_service_account_json,
        ]
        return [s.get_secret_value() for s in secrets if s and s.get_secret_value()]


def load_settings(env_file: str | Path | None = ".env") -> Settings:
    """Settings from the environment (and .env); SettingsError names what is wrong."""
    try:
        return Settings(_env_file=env_file)
    except ValidationError as exc:
        raise SettingsError(describe(exc, env_file)) from None
