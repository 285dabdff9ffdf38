"""limits several processes share: refused console sign-ins, and the send pace per platform
and chat with the function that takes a turn of it (Postgres)

Revision ID: 0014
Revises: 0007
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# A turn is taken only when both the platform's and the chat's last send are far enough
# back, measured after the rows are locked (when the message really may leave); else the
# seconds to wait. The platform's row is always locked first, so callers never deadlock.
TAKE_TURN = """
CREATE FUNCTION send_pace_take(platform text, platform_gap float8, chat text, chat_gap float8)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    last_platform timestamptz;
    last_chat timestamptz;
    now_at timestamptz;
    wait float8;
BEGIN
    INSERT INTO send_pace (key, last_at) VALUES (platform, 'epoch') ON CONFLICT DO NOTHING;
    SELECT last_at INTO last_platform FROM send_pace WHERE key = platform FOR UPDATE;
    IF chat IS NOT NULL THEN
        INSERT INTO send_pace (key, last_at) VALUES (chat, 'epoch') ON CONFLICT DO NOTHING;
        SELECT last_at INTO last_chat FROM send_pace WHERE key = chat FOR UPDATE;
    END IF;
    now_at := clock_timestamp();
    wait := greatest(
        platform_gap - extract(epoch FROM now_at - last_platform),
        coalesce(chat_gap - extract(epoch FROM now_at - last_chat), 0)
    );
    IF wait > 0 THEN
        RETURN wait;
    END IF;
    UPDATE send_pace SET last_at = now_at WHERE key = platform OR key = chat;
    RETURN 0;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", Id, primary_key=True),
        sa.Column("who", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failures_who_failed_at", "sign_in_failures", ["who", "failed_at"])
    op.create_index(op.f("ix_sign_in_failures_failed_at"), "sign_in_failures", ["failed_at"])
    op.create_table(
        "send_pace",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(op.f("ix_send_pace_last_at"), "send_pace", ["last_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_TURN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION send_pace_take(text, float8, text, float8)")
    op.drop_index(op.f("ix_send_pace_last_at"), table_name="send_pace")
    op.drop_table("send_pace")
    op.drop_index(op.f("ix_sign_in_failures_failed_at"), table_name="sign_in_failures")
    op.drop_index("ix_sign_in_failures_who_failed_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
