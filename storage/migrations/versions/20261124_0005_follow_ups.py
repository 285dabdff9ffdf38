"""scheduled messages (reminders, agenda, surveys...), survey answers, reminder preferences

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "reminder_preferences",
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("off_since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_reminder_preferences_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_reminder_preferences")),
    )
    op.create_table(
        "survey_answers",
        sa.Column("id", _ID, nullable=False),
        sa.Column("job_id", _ID, nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_survey_answers_job_id_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint("job_id", name=op.f("uq_survey_answers_job_id")),
    )
    op.create_table(
        "scheduled_messages",
        sa.Column("id", _ID, nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("job_id", _ID, nullable=True),
        sa.Column("customer_id", _ID, nullable=True),
        sa.Column("appointment_id", _ID, nullable=True),
        sa.Column("invoice_id", _ID, nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_scheduled_messages_appointment_id_appointments"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_scheduled_messages_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_scheduled_messages_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_scheduled_messages_job_id_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_messages")),
        sa.UniqueConstraint("key", name=op.f("uq_scheduled_messages_key")),
    )
    with op.batch_alter_table("scheduled_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scheduled_messages_appointment_id"), ["appointment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_scheduled_messages_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            "ix_scheduled_messages_state_due_at", ["state", "due_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("scheduled_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_messages_state_due_at")
        batch_op.drop_index(batch_op.f("ix_scheduled_messages_job_id"))
        batch_op.drop_index(batch_op.f("ix_scheduled_messages_appointment_id"))

    op.drop_table("scheduled_messages")
    op.drop_table("survey_answers")
    op.drop_table("reminder_preferences")
