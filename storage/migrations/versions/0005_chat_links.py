"""chat_links: every attempt to bind a chat (moves audited, failed codes counted per chat)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="SET NULL")),
        sa.Column("to_unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="SET NULL")),
    )
    op.create_index("ix_chat_links_chat", "chat_links", ["platform", "chat_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_chat_links_chat", table_name="chat_links")
    op.drop_table("chat_links")
