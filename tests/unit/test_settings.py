"""Settings from the environment and .env, with the contract's defaults and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.serving import ephemeral_disk_warning
from bot.settings import Settings, SettingsError, load_settings
from bot.settings_help import SETTING_GROUPS
from tests.stubs.service_process import clean_env


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in set(__import__("os").environ) - set(clean_env()):
        monkeypatch.delenv(name)


def test_defaults_follow_the_contract() -> None:
    s = load_settings()
    assert (s.port, s.host, s.public_base_url) == (8080, "0.0.0.0", "http://localhost:8080")
    assert s.database_url == "sqlite+aiosqlite:///./var/burbgigz.sqlite3"
    assert (s.files_backend, s.files_dir, s.supabase_bucket) == (
        "local",
        Path("var/files"),
        "burbgigz",
    )
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.telegram_file_base_url == "https://api.telegram.org/file/bot"
    assert (s.telegram_mode, s.telegram_admin_chat_ids) == ("polling", ())
    assert s.twilio_api_base_url == "https://api.twilio.com"
    assert (s.business_timezone, s.log_level, s.log_format) == (
        "Africa/Johannesburg",
        "INFO",
        "text",
    )


def test_derived_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "9000")
    assert load_settings().public_base_url == "http://localhost:9000"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://burbgigz.example/")
    s = load_settings()
    assert (s.public_base_url, s.telegram_mode) == ("https://burbgigz.example", "webhook")


def test_supabase_storage_is_the_default_with_a_url_and_needs_its_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUPABASE_URL", "https://abc.supabase.co")
    with pytest.raises(SettingsError, match=r"FILES_BACKEND=supabase needs .*SERVICE_ROLE_KEY"):
        load_settings()
    monkeypatch.setenv("SUPABASE_SERVICE_ROLE_KEY", "service-role-key")
    assert load_settings().files_backend == "supabase"
    monkeypatch.setenv("FILES_BACKEND", "local")
    assert load_settings().files_backend == "local"


def test_a_dotenv_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "PORT=8123\nTELEGRAM_BOT_TOKEN=1:x\nTELEGRAM_ADMIN_CHAT_IDS=111, -100222\nLOG_LEVEL=debug\n"
    )
    s = load_settings()
    assert (s.port, s.telegram_admin_chat_ids, s.log_level) == (8123, (111, -100222), "DEBUG")
    monkeypatch.setenv("PORT", "8124")
    assert load_settings().port == 8124


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("PUBLIC_BASE_URL", "burbgigz.co.za"),
        ("DATABASE_URL", "mysql://root@localhost/bg"),
        ("DATABASE_URL", "not a url"),
        ("FILES_BACKEND", "dropbox"),
        ("TELEGRAM_MODE", "carrier-pigeon"),
        ("TELEGRAM_ADMIN_CHAT_IDS", "12,abc"),
        ("TWILIO_SMS_FROM", "call me"),
        ("BUSINESS_TIMEZONE", "Mars/Olympus_Mons"),
        ("LOG_LEVEL", "chatty"),
        ("LOG_FORMAT", "xml"),
    ],
)
def test_a_malformed_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"invalid setting {variable}:")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TWILIO_ACCOUNT_SID": "AC123"}, "TWILIO_AUTH_TOKEN"),
    ],
)
def test_settings_that_go_together_are_checked_together(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


def test_secrets_are_hidden_in_repr_and_listed_for_scrubbing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:AAE-secret-token")
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "twilio-secret")
    monkeypatch.setenv("TWILIO_SMS_FROM", "+27100000000")
    s = load_settings()
    assert "AAE-secret-token" not in repr(s) and "twilio-secret" not in repr(s)
    assert set(s.secret_values()) == {"123456:AAE-secret-token", "twilio-secret"}


def test_twilio_needs_a_sender_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "twilio-secret")
    with pytest.raises(SettingsError, match="TWILIO_SMS_FROM or TWILIO_WHATSAPP_FROM"):
        load_settings(None)


@pytest.mark.parametrize("sid", ["HX123", "MG" + "0" * 32, "HX" + "g" * 32])
def test_a_whatsapp_template_must_be_a_content_sid(
    monkeypatch: pytest.MonkeyPatch, sid: str
) -> None:
    monkeypatch.setenv("TWILIO_WHATSAPP_TEMPLATE_SID", sid)
    with pytest.raises(SettingsError, match="TWILIO_WHATSAPP_TEMPLATE_SID: must be a Twilio"):
        load_settings(None)


def test_e164_sender_numbers_are_kept_and_a_local_form_is_refused_with_its_e164(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "twilio-secret")
    monkeypatch.setenv("TWILIO_WHATSAPP_FROM", "+14155238886")
    assert load_settings(None).twilio_whatsapp_from == "+14155238886"
    monkeypatch.setenv("TWILIO_SMS_FROM", "0821234567")
    with pytest.raises(SettingsError) as raised:
        load_settings(None)
    assert str(raised.value) == (
        "invalid setting TWILIO_SMS_FROM: must be written in E.164 as Twilio shows it: +27821234567"
    )


@pytest.mark.parametrize(
    ("env", "line"),
    [
        (
            {"TWILIO_SMS_FROM": "+27821234567"},
            "invalid settings: TWILIO_SMS_FROM and TWILIO_WHATSAPP_FROM need "
            "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
        ),
        (
            {"TELEGRAM_ADMIN_CHAT_IDS": "12345"},
            "invalid settings: TELEGRAM_ADMIN_CHAT_IDS needs TELEGRAM_BOT_TOKEN",
        ),
        (
            {"TELEGRAM_MODE": "webhook", "PUBLIC_BASE_URL": "http://burbgigz.example"},
            "invalid settings: TELEGRAM_MODE=webhook needs an https PUBLIC_BASE_URL (Telegram "
            "calls only https addresses); use polling on a machine without one",
        ),
    ],
)
def test_a_mistake_across_settings_stops_start_up_with_one_plain_line(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], line: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(None)
    assert str(raised.value) == line


def test_a_bad_value_is_said_in_plain_words_and_where_it_was_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("PORT=eighty\n")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value) == "invalid setting PORT: must be a whole number (set in .env)"
    monkeypatch.setenv("PORT", "0")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value) == "invalid setting PORT: must be at least 1"


def test_every_setting_is_listed_once_under_a_group_with_a_description() -> None:
    listed = [name for names in SETTING_GROUPS.values() for name in names]
    assert sorted(listed) == sorted(Settings.model_fields)
    assert all(Settings.model_fields[name].description for name in listed)


def test_help_answers_without_loading_the_service() -> None:
    """--help is read before anything runs: it must not wait for the channels' libraries."""
    code = (
        "import sys, bot.cli; print(sorted({'aiohttp', 'telegram', 'twilio'} & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"


def test_data_on_a_platforms_disk_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ephemeral_disk_warning(load_settings(None)) is None  # not on a platform
    monkeypatch.setenv("RENDER", "true")
    warning = ephemeral_disk_warning(load_settings(None))
    assert warning is not None and "empties its disk at each deploy" in warning
    assert "the database (DATABASE_URL is SQLite" in warning and "files (" in warning
    monkeypatch.setenv("SUPABASE_URL", "https://abc.supabase.co")
    monkeypatch.setenv("SUPABASE_SERVICE_ROLE_KEY", "service-role-key")
    warning = ephemeral_disk_warning(load_settings(None))
    assert warning is not None and "files (" not in warning
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.example/burbgigz")
    assert ephemeral_disk_warning(load_settings(None)) is None


def test_the_payment_provider_follows_the_key_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().payment_provider is None  # the business file's bank details
    monkeypatch.setenv("PAYSTACK_SECRET_KEY", "sk_test_paystack")
    assert load_settings().payment_provider == "paystack"
    monkeypatch.setenv("YOCO_SECRET_KEY", "sk_test_yoco")
    with pytest.raises(SettingsError, match="YOCO_WEBHOOK_SECRET"):
        load_settings()  # Yoco comes first, and needs its webhook secret
    monkeypatch.setenv("YOCO_WEBHOOK_SECRET", "whsec_c2VjcmV0")
    s = load_settings()
    assert s.payment_provider == "yoco"
    assert {"sk_test_paystack", "sk_test_yoco", "whsec_c2VjcmV0"} <= set(s.secret_values())
    monkeypatch.setenv("PAYMENT_PROVIDER", "paystack")
    assert load_settings().payment_provider == "paystack"
