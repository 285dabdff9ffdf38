"""customers' accounts: sign-in codes and links, portal sessions, attempt counters

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_WHEN = sa.DateTime(timezone=True)


def _customer(table: str, *, nullable: bool = False) -> list[Any]:
    return [
        sa.Column("customer_id", _ID, nullable=nullable),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f(f"fk_{table}_customer_id_customers")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "sign_in_codes",
        sa.Column("id", _ID, nullable=False),
        sa.Column("target", sa.String(length=254), nullable=False),
        *_customer("sign_in_codes", nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_codes")),
    )
    op.create_index(op.f("ix_sign_in_codes_target"), "sign_in_codes", ["target"])
    op.create_index(op.f("ix_sign_in_codes_customer_id"), "sign_in_codes", ["customer_id"])
    op.create_table(
        "sign_in_links",
        sa.Column("id", _ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        *_customer("sign_in_links"),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("used_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_links_token_hash")),
    )
    op.create_index(op.f("ix_sign_in_links_customer_id"), "sign_in_links", ["customer_id"])
    op.create_table(
        "customer_sessions",
        sa.Column("id", _ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        *_customer("customer_sessions"),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("last_seen_at", _WHEN, nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("chat_address", sa.String(length=64), nullable=True),
        sa.Column("revoked_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_customer_sessions_token_hash")),
    )
    op.create_index(op.f("ix_customer_sessions_customer_id"), "customer_sessions", ["customer_id"])
    op.create_index(
        op.f("ix_customer_sessions_chat_address"), "customer_sessions", ["chat_address"]
    )
    op.create_table(
        "attempt_counters",
        sa.Column("id", _ID, nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=254), nullable=False),
        sa.Column("window_start", _WHEN, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_counters")),
        sa.UniqueConstraint(
            "scope",
            "subject",
            "window_start",
            name=op.f("uq_attempt_counters_scope_subject_window_start"),
        ),
    )
    op.create_index(op.f("ix_attempt_counters_window_start"), "attempt_counters", ["window_start"])


def downgrade() -> None:
    op.drop_index(op.f("ix_attempt_counters_window_start"), table_name="attempt_counters")
    op.drop_table("attempt_counters")
    op.drop_index(op.f("ix_customer_sessions_chat_address"), table_name="customer_sessions")
    op.drop_index(op.f("ix_customer_sessions_customer_id"), table_name="customer_sessions")
    op.drop_table("customer_sessions")
    op.drop_index(op.f("ix_sign_in_links_customer_id"), table_name="sign_in_links")
    op.drop_table("sign_in_links")
    op.drop_index(op.f("ix_sign_in_codes_customer_id"), table_name="sign_in_codes")
    op.drop_index(op.f("ix_sign_in_codes_target"), table_name="sign_in_codes")
    op.drop_table("sign_in_codes")
