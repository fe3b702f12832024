"""Alembic environment: migrations run on the connection storage.migrate hands over."""

from alembic import context

from storage.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `nhacviec init` (storage.migrate.upgrade), not bare alembic")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
