"""limits several processes share: refused console sign-ins, and the send pace per platform
and chat with the function that takes a turn of it (Postgres)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# A send's turn: the platform's next free moment (its last send plus its gap, or now), taken
# (`taken`) when it is at most `horizon` seconds away and the chat is free by then, and
# recorded as the last send of both; `wait` is the seconds until that moment. Otherwise nothing
# is taken and `wait` says when to ask again (`for_chat`: the chat is what is busy). The
# platform's row is always locked first, so callers never deadlock.
TAKE_TURN = """
CREATE FUNCTION send_pace_take(
    platform text, platform_gap float8, chat text, chat_gap float8, horizon float8,
    OUT wait float8, OUT taken boolean, OUT for_chat boolean
) LANGUAGE plpgsql AS $$
DECLARE
    last_platform timestamptz;
    last_chat timestamptz;
    now_at timestamptz;
    slot timestamptz;
BEGIN
    INSERT INTO send_pace (key, last_at) VALUES (platform, 'epoch') ON CONFLICT DO NOTHING;
    SELECT last_at INTO last_platform FROM send_pace WHERE key = platform FOR UPDATE;
    IF chat IS NOT NULL THEN
        INSERT INTO send_pace (key, last_at) VALUES (chat, 'epoch') ON CONFLICT DO NOTHING;
        SELECT last_at INTO last_chat FROM send_pace WHERE key = chat FOR UPDATE;
    END IF;
    now_at := clock_timestamp();
    slot := greatest(now_at, last_platform + make_interval(secs => platform_gap));
    taken := false;
    for_chat := last_chat IS NOT NULL AND last_chat + make_interval(secs => chat_gap) > slot;
    IF for_chat THEN
        wait := extract(epoch FROM last_chat + make_interval(secs => chat_gap) - now_at);
    ELSIF extract(epoch FROM slot - now_at) > horizon THEN
        wait := extract(epoch FROM slot - now_at) - horizon;
    ELSE
        UPDATE send_pace SET last_at = slot WHERE key = platform OR key = chat;
        taken := true;
        wait := extract(epoch FROM slot - now_at);
    END IF;
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
        op.execute("DROP FUNCTION send_pace_take(text, float8, text, float8, float8)")
    op.drop_index(op.f("ix_send_pace_last_at"), table_name="send_pace")
    op.drop_table("send_pace")
    op.drop_index(op.f("ix_sign_in_failures_failed_at"), table_name="sign_in_failures")
    op.drop_index("ix_sign_in_failures_who_failed_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
