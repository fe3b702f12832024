"""an index on plans.reminders_until: the tick's "which plans are behind?" without a scan of every plan

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_plans_reminders_until", "plans", ["reminders_until"])


def downgrade() -> None:
    op.drop_index("ix_plans_reminders_until", table_name="plans")
