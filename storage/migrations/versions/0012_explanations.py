"""«giải trình»: a leader's request that the lead unit explain why an overdue task is late, its answer (the
reason, the date proposed) and when an unanswered one was raised to the chairman

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "explanations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), sa.ForeignKey("occurrences.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=False),
        sa.Column("asked_platform", sa.String(16), nullable=False),
        sa.Column("asked_chat", sa.String(64), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("ask_change_id", sa.Integer(), sa.ForeignKey("status_changes.id", ondelete="SET NULL")),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("answered_by", sa.String(200)),
        sa.Column("answered_platform", sa.String(16)),
        sa.Column("answered_chat", sa.String(64)),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("proposed_due", sa.Date()),
        sa.Column("answer_change_id", sa.Integer(), sa.ForeignKey("status_changes.id", ondelete="SET NULL")),
        sa.Column("raised_at", sa.DateTime(timezone=True)),
        sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_explanations_occurrence", "explanations", ["occurrence_id"])
    op.create_index("ix_explanations_unanswered", "explanations", ["plan_id", "due"])


def downgrade() -> None:
    op.drop_index("ix_explanations_unanswered", table_name="explanations")
    op.drop_index("ix_explanations_occurrence", table_name="explanations")
    op.drop_table("explanations")
