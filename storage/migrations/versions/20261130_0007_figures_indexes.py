"""indexes for the business figures: jobs by request time, invoices by status and issue
time, survey answers by answer time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_jobs_created_at"), "jobs", ["created_at"])
    op.create_index("ix_invoices_status_issued_at", "invoices", ["status", "issued_at"])
    op.create_index(op.f("ix_survey_answers_answered_at"), "survey_answers", ["answered_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_answers_answered_at"), table_name="survey_answers")
    op.drop_index("ix_invoices_status_issued_at", table_name="invoices")
    op.drop_index(op.f("ix_jobs_created_at"), table_name="jobs")
