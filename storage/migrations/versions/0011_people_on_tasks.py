"""a person on a task: the officers of each unit as the platforms know them (recorded as they speak in the
unit's chat), and the one on each task («nhận 17», «giao 17 @lan»)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("handle", sa.String(64), nullable=False, server_default=""),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("unit_id", "platform", "user_id"),
    )
    # SQLite: the column and its reference in one ALTER TABLE … ADD COLUMN (allowed for a NULL column), not a
    # rebuilt table, so that an upgraded database's tasks table reads as a new one's (storage.schema compares).
    # No ON DELETE: SQLite keeps no action of a column's own REFERENCES where reflection reads it, and people
    # go only with their unit, whose tasks hold it (nothing deletes either)
    if op.get_context().dialect.name == "sqlite":
        op.execute("ALTER TABLE tasks ADD COLUMN person_id INTEGER REFERENCES people (id)")
    else:
        op.add_column("tasks", sa.Column("person_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_tasks_person_id_people", "tasks", "people", ["person_id"], ["id"])


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":  # SQLite 3.35+ drops it in place: a rebuilt tasks table
        op.execute("ALTER TABLE tasks DROP COLUMN person_id")  # would cascade its DROP to the occurrences
    else:
        op.drop_constraint("fk_tasks_person_id_people", "tasks", type_="foreignkey")
        op.drop_column("tasks", "person_id")
    op.drop_table("people")
