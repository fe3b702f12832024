"""pace and quota per bot: each bot's messages paced apart (send_slots.route, "telegram" for the deployment's own
bot, "telegram/123456" for a tenant's: plan_data.tenants.route) and each Zalo bot's month counted apart
(zalo_quota.bot, "" the deployment's own, which every month of before is)

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# the unnamed UNIQUE (month) of 0003: PostgreSQL's own name; on SQLite, the name this convention gives it
_MONTH_UNIQUE = {"postgresql": "zalo_quota_month_key"}
_CONVENTION = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.drop_index("ix_send_slots_platform_at", table_name="send_slots")
    with op.batch_alter_table("send_slots") as batch_op:
        batch_op.alter_column("platform", new_column_name="route", type_=sa.String(48),
                              existing_type=sa.String(16), existing_nullable=False)
    op.create_index("ix_send_slots_route_at", "send_slots", ["route", "at"])  # after: batch knows no new name
    with op.batch_alter_table("zalo_quota", naming_convention=_CONVENTION) as batch_op:
        batch_op.add_column(sa.Column("bot", sa.String(32), nullable=False, server_default=""))
        batch_op.drop_constraint(_month_unique(), type_="unique")
        batch_op.create_unique_constraint("uq_zalo_quota_bot_month", ["bot", "month"])


def downgrade() -> None:
    op.execute("DELETE FROM zalo_quota WHERE bot <> ''")  # a tenant's bot's months: no place for them before
    with op.batch_alter_table("zalo_quota", naming_convention=_CONVENTION) as batch_op:
        batch_op.drop_constraint("uq_zalo_quota_bot_month", type_="unique")
        batch_op.drop_column("bot")
        batch_op.create_unique_constraint(_month_unique(), ["month"])
    op.execute("DELETE FROM send_slots WHERE route LIKE '%/%'")  # a tenant's bot's slots: minutes old, no longer
    op.drop_index("ix_send_slots_route_at", table_name="send_slots")
    with op.batch_alter_table("send_slots") as batch_op:
        batch_op.alter_column("route", new_column_name="platform", type_=sa.String(16),
                              existing_type=sa.String(48), existing_nullable=False)
    op.create_index("ix_send_slots_platform_at", "send_slots", ["platform", "at"])


def _month_unique() -> str:
    return _MONTH_UNIQUE.get(op.get_bind().dialect.name, "uq_zalo_quota_month")
