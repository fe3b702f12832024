"""a coordinating unit's part of a task: one row per (occurrence, unit), its state and progress, who reported
it last (each report is also a change of the occurrence: its history, its undo)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_parts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("occurrence_id", sa.Integer(), sa.ForeignKey("occurrences.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("unit_code", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("change_id", sa.Integer(), sa.ForeignKey("status_changes.id", ondelete="SET NULL")),
        sa.UniqueConstraint("occurrence_id", "unit_code"),
    )


def downgrade() -> None:
    op.drop_table("task_parts")
