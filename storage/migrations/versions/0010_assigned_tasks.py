"""tasks assigned in the chat («giao kt: …, hạn 15/12/2026, theo CV 123/UBND-VP») or from a directive file
(`nhacviec giao`) keep the document they follow, who assigned them, when, and from which chat

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.add_column(sa.Column("source_document", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("assigned_by", sa.String(200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assigned_from", sa.String(80), nullable=False, server_default=""))


def downgrade() -> None:
    # "never": SQLite (3.35 on) drops a column in place. Batch's copy of the table would drop the old one, and
    # with foreign keys on, dropping it deletes every occurrence of every task (ON DELETE CASCADE).
    with op.batch_alter_table("tasks", recreate="never") as batch_op:
        batch_op.drop_column("assigned_from")
        batch_op.drop_column("assigned_at")
        batch_op.drop_column("assigned_by")
        batch_op.drop_column("source_document")
