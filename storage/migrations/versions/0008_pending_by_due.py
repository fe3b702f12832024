"""a partial index on the pending reminders, newest first: the tick's claim reads the rows whose time has come
from it, in the order it takes them, instead of scanning and sorting every pending row of the day

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    op.create_index("ix_reminders_pending_due", "reminders", [sa.text("due_at DESC"), "id"],
                    postgresql_where=PENDING, sqlite_where=PENDING)


def downgrade() -> None:
    op.drop_index("ix_reminders_pending_due", table_name="reminders")
