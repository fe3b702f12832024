"""codes for people: a unit's code good for up to N distinct 1:1 chats of its officers (invites.people; 0 the
one-use code of before), and the code each attempt to bind named (chat_links.invite_id), from which such a
code's chats are counted

Revision ID: 0019
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch_op:
        batch_op.add_column(sa.Column("people", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("chat_links") as batch_op:
        batch_op.add_column(sa.Column("invite_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_chat_links_invite_id", ["invite_id"])


def downgrade() -> None:
    with op.batch_alter_table("chat_links") as batch_op:
        batch_op.drop_index("ix_chat_links_invite_id")
        batch_op.drop_column("invite_id")
    with op.batch_alter_table("invites") as batch_op:
        batch_op.drop_column("people")
