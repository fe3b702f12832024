"""tenants: the tenant each plan belongs to (a province, or plans an operator groups; "" the deployment's own,
which every plan of before is), and the bot each chat was bound through and is spoken to by ("" the
deployment's own bot of its channel, which every binding of before is): plan_data.tenants

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch_op:
        batch_op.add_column(sa.Column("tenant", sa.String(32), nullable=False, server_default=""))
        batch_op.create_index("ix_plans_tenant", ["tenant"])
    with op.batch_alter_table("chat_bindings") as batch_op:
        batch_op.add_column(sa.Column("bot", sa.String(32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("chat_bindings") as batch_op:
        batch_op.drop_column("bot")
    with op.batch_alter_table("plans") as batch_op:
        batch_op.drop_index("ix_plans_tenant")
        batch_op.drop_column("tenant")
