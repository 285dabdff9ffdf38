"""customers' e-mail addresses and their proof, unsubscriptions, message routes, the
SEQUENCE of each job's calendar invitation

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_AT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "email_addresses",
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("code_sent_at", _AT, nullable=True),
        sa.Column("code_tries", sa.Integer(), nullable=False),
        sa.Column("proven_at", _AT, nullable=True),
        sa.Column("refused_at", _AT, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_email_addresses_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_email_addresses")),
    )
    op.create_index(op.f("ix_email_addresses_address"), "email_addresses", ["address"])
    op.create_table(
        "email_unsubscribes",
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("topic", sa.String(length=24), nullable=False),
        sa.Column("at", _AT, nullable=False),
        sa.PrimaryKeyConstraint("address", "topic", name=op.f("pk_email_unsubscribes")),
    )
    op.create_table(
        "message_routes",
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("topic", sa.String(length=24), nullable=False),
        sa.Column("route", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_message_routes_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("customer_id", "topic", name=op.f("pk_message_routes")),
    )
    op.create_table(
        "calendar_invites",
        sa.Column("job_id", _ID, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_calendar_invites_job_id_jobs")
        ),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_calendar_invites")),
    )


def downgrade() -> None:
    op.drop_table("calendar_invites")
    op.drop_table("message_routes")
    op.drop_table("email_unsubscribes")
    op.drop_index(op.f("ix_email_addresses_address"), table_name="email_addresses")
    op.drop_table("email_addresses")
