"""reminder policy per plan, the materialization watermark, notices to the focal point

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch_op:
        batch_op.add_column(sa.Column("policy", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("reminders_until", sa.DateTime(timezone=True), nullable=True))


    with op.batch_alter_table("reminders") as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("reminders") as batch_op:
        batch_op.drop_column("text")
    with op.batch_alter_table("plans") as batch_op:
        batch_op.drop_column("reminders_until")
        batch_op.drop_column("policy")
