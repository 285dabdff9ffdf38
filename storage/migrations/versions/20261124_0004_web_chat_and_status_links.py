"""the web chat's mailbox and the jobs' live status links

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "status_links",
        sa.Column("id", Id, nullable=False),
        sa.Column("job_id", Id, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_status_links_job_id_jobs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_status_links_token_hash")),
    )
    with op.batch_alter_table("status_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_links_job_id"), ["job_id"], unique=False)
    op.create_table(
        "web_messages",
        sa.Column("id", Id, nullable=False),
        sa.Column("address", sa.String(length=128), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("client_id", sa.String(length=48), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_messages")),
        sa.UniqueConstraint("address", "client_id", name=op.f("uq_web_messages_address_client_id")),
    )
    with op.batch_alter_table("web_messages", schema=None) as batch_op:
        batch_op.create_index("ix_web_messages_address_id", ["address", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_web_messages_address_id")
    op.drop_table("web_messages")
    with op.batch_alter_table("status_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_links_job_id"))
    op.drop_table("status_links")
