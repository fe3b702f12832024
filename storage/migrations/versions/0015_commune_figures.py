"""each commune's figures as of a day (the domain's one count, kept), with the version of the plan they were
counted at, so that the city's page reads every commune in one query: bumped by every change that can move them

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

FIELDS = ("done_on_time", "done_late", "on_track", "at_risk", "overdue", "waiting", "awaiting")


def upgrade() -> None:
    op.create_table(
        "commune_figures",
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer()),
        sa.Column("as_of", sa.Date()),
        sa.Column("tasks", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in FIELDS),
        sa.Column("computed_at", sa.DateTime(timezone=True)),
    )  # no row yet: a commune without one is counted when first read


def downgrade() -> None:
    op.drop_table("commune_figures")
