"""job milestones on the jobs row (first technician answer, first visit still on, first
completion), backfilled from the timelines; each invoice's net and VAT on its row, backfilled
from its lines; each file's job closing time (for the retention sweep); indexes so requests
cost the same with years of history: appointments by end, scheduled messages by invoice

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MILESTONES = ("first_answer_at", "first_visit_at", "completed_at")
# The same rules the repositories keep them by, read once from the rows already there.
_BACKFILL = """
UPDATE jobs SET
  first_answer_at = (SELECT min(c.at) FROM chat_messages c
                     WHERE c.job_id = jobs.id AND c.author = 'technician'),
  first_visit_at = (SELECT min(a.start_at) FROM appointments a
                    WHERE a.job_id = jobs.id AND a.cancelled_at IS NULL),
  completed_at = (SELECT min(e.at) FROM job_events e
                  WHERE e.job_id = jobs.id AND e.to_status = 'completed')
"""

# Lines round half up to the cent, VAT once on the total (as domain/money.py does), in whole
# numbers that both databases divide alike: first the lines' total, then the VAT, then the net.
_INVOICE_TOTALS = (
    """UPDATE invoices SET net_cents = (
         SELECT sum((CAST(round(l.quantity * 1000) AS BIGINT) * l.unit_price_cents * 2 + 1000)
                    / 2000)
         FROM invoice_lines l WHERE l.invoice_id = invoices.id)""",
    """UPDATE invoices SET vat_cents = CASE WHEN prices_include_vat
         THEN (2 * net_cents * vat_rate_percent + 100 + vat_rate_percent)
              / (2 * (100 + vat_rate_percent))
         ELSE (2 * net_cents * vat_rate_percent + 100) / 200 END
       WHERE net_cents IS NOT NULL""",
    "UPDATE invoices SET net_cents = net_cents - vat_cents WHERE prices_include_vat",
)

_FILES_CLOSED = """
UPDATE attachments SET job_closed_at = (
  SELECT max(e.at) FROM job_events e
  WHERE e.job_id = attachments.job_id AND e.to_status IN ('completed', 'cancelled'))
WHERE (SELECT j.status FROM jobs j WHERE j.id = attachments.job_id)
      IN ('completed', 'cancelled')
"""


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (SQLite adds and drops columns in place since 3.35;
    # a batch copy of jobs would trip over the tables that refer to it).
    for name in _MILESTONES:
        op.add_column("jobs", sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.execute(_BACKFILL)
    for name in ("net_cents", "vat_cents"):
        op.add_column("invoices", sa.Column(name, sa.BigInteger(), nullable=True))
    for statement in _INVOICE_TOTALS:
        op.execute(statement)
    op.add_column("attachments", sa.Column("job_closed_at", sa.DateTime(timezone=True)))
    op.execute(_FILES_CLOSED)
    op.create_index(op.f("ix_attachments_job_closed_at"), "attachments", ["job_closed_at"])
    op.create_index("ix_jobs_created_at_milestones", "jobs", ["created_at", *_MILESTONES])
    op.create_index(op.f("ix_appointments_end_at"), "appointments", ["end_at"])
    op.create_index(op.f("ix_scheduled_messages_invoice_id"), "scheduled_messages", ["invoice_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_attachments_job_closed_at"), table_name="attachments")
    op.drop_column("attachments", "job_closed_at")
    op.drop_index(op.f("ix_scheduled_messages_invoice_id"), table_name="scheduled_messages")
    op.drop_index(op.f("ix_appointments_end_at"), table_name="appointments")
    op.drop_index("ix_jobs_created_at_milestones", table_name="jobs")
    for name in ("vat_cents", "net_cents"):
        op.drop_column("invoices", name)
    for name in reversed(_MILESTONES):
        op.drop_column("jobs", name)
