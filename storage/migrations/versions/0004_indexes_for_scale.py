"""indexes that keep the daily planning and the 08:00 burst flat at national scale

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    op.create_index("ix_chat_bindings_unit", "chat_bindings", ["unit_id"])
    op.create_index("ix_reminders_pending_subject", "reminders", ["subject", "chat", "due_at"],
                    postgresql_where=PENDING, sqlite_where=PENDING)


def downgrade() -> None:
    op.drop_index("ix_reminders_pending_subject", table_name="reminders")
    op.drop_index("ix_chat_bindings_unit", table_name="chat_bindings")
