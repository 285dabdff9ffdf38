"""appointments can be moved and cancelled; cells keep two from the same time; late changes
wait for the technician

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reschedules", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "appointment_cells",
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "appointment_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_cells_appointment_id_appointments"),
        ),
        sa.PrimaryKeyConstraint("starts_at", name=op.f("pk_appointment_cells")),
    )
    with op.batch_alter_table("appointment_cells", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_cells_appointment_id"), ["appointment_id"], unique=False
        )

    op.create_table(
        "change_requests",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "appointment_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_change_requests_appointment_id_appointments"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_change_requests_job_id_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_requests")),
    )
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_requests_job_id"), ["job_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_requests_job_id"))
    op.drop_table("change_requests")
    with op.batch_alter_table("appointment_cells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_cells_appointment_id"))
    op.drop_table("appointment_cells")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("reschedules")
