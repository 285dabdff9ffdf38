"""the technician's days off, power cuts set by the technician, load-shedding schedules kept

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "days_off",
        sa.Column("id", _ID, nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_days_off")),
    )
    op.create_index(op.f("ix_days_off_last_day"), "days_off", ["last_day"])
    op.create_table(
        "power_cuts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("area", sa.String(length=80), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_power_cuts")),
    )
    op.create_index(op.f("ix_power_cuts_ends_at"), "power_cuts", ["ends_at"])
    op.create_table(
        "power_schedules",
        sa.Column("area_id", sa.String(length=120), nullable=False),
        sa.Column(
            "cuts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("area_id", name=op.f("pk_power_schedules")),
    )


def downgrade() -> None:
    op.drop_table("power_schedules")
    op.drop_index(op.f("ix_power_cuts_ends_at"), table_name="power_cuts")
    op.drop_table("power_cuts")
    op.drop_index(op.f("ix_days_off_last_day"), table_name="days_off")
    op.drop_table("days_off")
