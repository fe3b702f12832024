"""tasks keep what the document shows beside their number: the TT as written ("3" of task "II.3") and the
columns the plan adds («Ghi chú», «Kinh phí», «Người đứng đầu chịu trách nhiệm» …) as named notes; a plan
keeps who issued it (commune, province, nation), so that importing it again reads its units as before; an
event task keeps the number of the task whose completion dates it ("Sau khi UBND xã ban hành Kế hoạch …")

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.add_column(sa.Column("shown", sa.String(32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("notes", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("trigger", sa.String(32), nullable=False, server_default=""))
    with op.batch_alter_table("plans") as batch_op:
        batch_op.add_column(sa.Column("level", sa.String(16), nullable=False, server_default="commune"))


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch_op:
        batch_op.drop_column("level")
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.drop_column("trigger")
        batch_op.drop_column("notes")
        batch_op.drop_column("shown")
