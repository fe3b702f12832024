"""delivery under faults: a claim lease, a retry time and a count of timeouts per reminder, and the send
slots that pace every worker and restart alike

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch_op:
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("timeouts", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "send_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_send_slots_platform_at", "send_slots", ["platform", "at"])
    op.create_index("ix_send_slots_chat_at", "send_slots", ["chat", "at"])


def downgrade() -> None:
    op.drop_index("ix_send_slots_chat_at", table_name="send_slots")
    op.drop_index("ix_send_slots_platform_at", table_name="send_slots")
    op.drop_table("send_slots")
    with op.batch_alter_table("reminders") as batch_op:
        batch_op.drop_column("timeouts")
        batch_op.drop_column("retry_at")
        batch_op.drop_column("lease_until")
