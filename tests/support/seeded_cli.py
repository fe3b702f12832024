"""A test's database as `nhacviec init` leaves it (migrated, the bundled plan loaded), copied from one that a
real `nhacviec init` set up once per test worker and database kind, instead of migrating and loading the plan
again for each test whose subject is not init (init's own tests still run it on an empty database).

SQLite's is copied with SQLite's backup (a whole, consistent file); PostgreSQL's with CREATE DATABASE …
TEMPLATE, over the test's fresh empty database of the same name. What differs from a test's own init is only
the instant the plan was loaded at (plans.imported_at), a few minutes earlier on the same real clock.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.support import warm_cli
from tests.support.postgres import worker_prefix

_templates: dict[str, str] = {}  # "sqlite" / "postgresql" -> the template's URL, in this worker


def _template(kind: str, request: pytest.FixtureRequest) -> str:
    if kind not in _templates:
        folder = Path(tempfile.mkdtemp(prefix="seeded-cli-"))
        url = (f"sqlite:///{folder / 'seeded.db'}" if kind == "sqlite"
               else request.getfixturevalue("postgres").new_database("cli_seeded_template"))
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "NHACVIEC_TODAY": "",
               "NHACVIEC_FILES_DIR": str(folder / "files"), "NHACVIEC_BACKUP_DIR": str(folder / "backups")}
        done = warm_cli.nhacviec("init", env=env, cwd=folder)
        assert done.returncode == 0 and "45 nhiệm vụ" in done.stdout, done.stderr
        _templates[kind] = url
    return _templates[kind]


def initialised(request: pytest.FixtureRequest) -> None:
    """The test's database (the cli_database fixture, not yet used) as `nhacviec init` leaves it."""
    url = request.getfixturevalue("cli_database")
    kind = make_url(url).get_backend_name()
    template = _template(kind, request)
    if kind == "sqlite":
        with closing(sqlite3.connect(make_url(template).database)) as source, \
                closing(sqlite3.connect(make_url(url).database)) as copy:
            source.backup(copy)
        return
    name, template_name = make_url(url).database, make_url(template).database
    assert name.startswith(worker_prefix())
    admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(40):  # the template's last session (init's, just ended) may still be closing
            try:
                with admin.connect() as connection:
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                    connection.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
                break
            except sa.exc.OperationalError:
                if attempt == 39:
                    raise
                time.sleep(0.05)
    finally:
        admin.dispose()
