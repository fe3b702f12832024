"""access links' tenant: a city's link shows the communes of the tenant its chat was bound in
(plan_data.access.city_reach), and stops opening when that chat's plan is moved to another tenant. "" for every
link of before: the deployment's own tenant, whose city sees its province as before tenants.

Revision ID: 0018
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_links") as batch_op:
        batch_op.add_column(sa.Column("tenant", sa.String(32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("access_links") as batch_op:
        batch_op.drop_column("tenant")
