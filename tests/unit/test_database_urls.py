"""Database URLs as Supabase and libpq write them: the parameters the service can honour are
turned into asyncpg's, any other is refused by the settings in one line."""

from __future__ import annotations

import pytest

from storage.database import DatabaseUrlError, _postgres_connect_args, normalize_database_url

POOLER = "postgresql://app:secret@aws-0-eu.pooler.supabase.com:6543/postgres"


def test_supabases_parameters_are_honoured() -> None:
    url = normalize_database_url(
        f"{POOLER}?pgbouncer=true&sslmode=require&connect_timeout=10&application_name=burbgigz"
    )
    bare, connect_args, behind_pooler = _postgres_connect_args(url)
    assert dict(bare.query) == {} and behind_pooler
    assert connect_args["ssl"] == "require" and connect_args["timeout"] == 10.0
    assert connect_args["server_settings"] == {"application_name": "burbgigz"}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("sslrootcert=/etc/ca.pem", "the parameter 'sslrootcert' is not one this service reads"),
        ("connect_timeout=soon", "connect_timeout must be a number of seconds"),
    ],
)
def test_a_parameter_the_service_cannot_honour_is_named(query: str, said: str) -> None:
    with pytest.raises(DatabaseUrlError, match=said):
        normalize_database_url(f"{POOLER}?{query}")
