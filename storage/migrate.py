"""Brings a database to the newest schema with Alembic, on the caller's engine."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from storage.revisions import UnknownRevision

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """The schema brought to `revision`; UnknownRevision, before anything is changed, when the database is at
    a revision the code does not know (Alembic would stop with a traceback)."""
    config = alembic_config()
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        script = ScriptDirectory.from_config(config)
        if current is not None and current not in {r.revision for r in script.walk_revisions()}:
            raise UnknownRevision(current, script.get_current_head() or "")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def revisions(engine: Engine) -> tuple[str | None, str]:
    """The database's schema revision (None: never set up) and the code's newest."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def revision(engine: Engine, message: str) -> None:
    """Writes a new migration from the difference between the models and the database (developers)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
