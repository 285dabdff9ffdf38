"""messages by their time, so the retention sweep finds the ones past the conversations'
period by index instead of reading every message kept

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 22:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMES = (
    ("chat_messages", "at"),
    ("inbound_messages", "received_at"),
    ("outbox", "created_at"),
    ("web_messages", "created_at"),
)


def upgrade() -> None:
    for table, column in _TIMES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table, column in reversed(_TIMES):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
