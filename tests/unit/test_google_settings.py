"""The Google Calendar settings: a refresh token needs its OAuth client, a service account needs
the calendar named, one credential at a time; the secrets are scrubbed from the logs."""

from __future__ import annotations

import pytest

from bot.settings import Settings

CLIENT = {"google_client_id": "id.apps.googleusercontent.com", "google_client_secret": "s3cret"}


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_a_refresh_token_with_its_client_turns_google_on_and_is_scrubbed() -> None:
    chosen = settings(**CLIENT, google_refresh_token="1//token")
    assert chosen.google_enabled
    assert {"s3cret", "1//token"} <= set(chosen.secret_values())
    assert not settings().google_enabled


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"google_refresh_token": "1//token"}, "needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET"),
        ({"google_service_account_json": "{}"}, "needs GOOGLE_CALENDAR_ID"),
        (
            {**CLIENT, "google_refresh_token": "1//t", "google_service_account_json": "{}"},
            "set one, not both",
        ),
    ],
)
def test_a_credential_that_cannot_work_stops_start_up(values: dict[str, str], said: str) -> None:
    with pytest.raises(ValueError, match=said):
        settings(**values)
