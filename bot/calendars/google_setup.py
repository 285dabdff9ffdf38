"""The technician's Google Calendar, built from the settings when credentials are set: the API
client with its token source, and the busy times it feeds the slot finder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.calendars.google_api import GoogleCalendarApi
from bot.calendars.google_busy import GoogleBusy
from bot.calendars.google_tokens import AccessTokens, refresh_token_grant, service_account_grant
from bot.settings import Settings
from domain.ports import Clock


@dataclass(frozen=True)
class GoogleCalendar:
    api: GoogleCalendarApi
    busy: GoogleBusy


def google_calendar(settings: Settings, clock: Clock) -> GoogleCalendar | None:
    if settings.google_service_account_json is not None:
        key = settings.google_service_account_json.get_secret_value()
        grant = service_account_grant(key, settings.google_token_url)
    elif settings.google_refresh_token is not None:
        assert settings.google_client_id and settings.google_client_secret
        grant = refresh_token_grant(
            settings.google_client_id,
            settings.google_client_secret.get_secret_value(),
            settings.google_refresh_token.get_secret_value(),
        )
    else:
        return None
    tokens = AccessTokens(settings.google_token_url, grant)
    api = GoogleCalendarApi(tokens, settings.google_api_base_url, settings.google_calendar_id)
    keep_for = timedelta(seconds=settings.google_busy_cache_seconds)
    return GoogleCalendar(api, GoogleBusy(api, clock, keep_for))
