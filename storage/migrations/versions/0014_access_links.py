"""the links a chat was given to its board and its calendar feed: a random id (what a link carries, signed),
the chat, what the link shows, when it was issued, until when it opens, and when and by whom it was revoked

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_links",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="CASCADE")),
        sa.Column("unit_code", sa.String(32)),
        sa.Column("province", sa.String(200)),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_by", sa.String(200)),
    )
    op.create_index("ix_access_links_chat", "access_links", ["platform", "chat_id"])


def downgrade() -> None:
    op.drop_index("ix_access_links_chat", table_name="access_links")
    op.drop_table("access_links")
