"""The `nhacviec` command as a real process on a real database, in a temporary folder: forked from a warm
parent that has imported it once (tests/support/warm_cli.py), so that a run costs what the command does."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.warm_cli import WarmCli, shared


@pytest.fixture(scope="session")
def warm_cli() -> WarmCli:
    return shared()


@pytest.fixture(params=["sqlite", "postgresql"])
def cli_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The command line runs on both databases the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.db'}"
    return request.getfixturevalue("postgres").new_database(f"cli_{abs(hash(request.node.nodeid))}")


@pytest.fixture
def run(tmp_path: Path, cli_database: str, warm_cli: WarmCli):
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "TELEGRAM_BOT_TOKEN": "",
           "NHACVIEC_FILES_DIR": str(tmp_path / "var" / "files"), "NHACVIEC_BACKUP_DIR": str(tmp_path / "backups"),
           **demo_database(tmp_path, cli_database)}

    def run(*args: str, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        done = warm_cli.run(args, env=env, cwd=tmp_path, stdin=stdin, timeout=120)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    return run


def demo_database(tmp_path: Path, url: str) -> dict[str, str]:
    """A SQLite database's demo sits beside it, in the test's folder; PostgreSQL's would be the project's
    var/nhacviec-thu.db, shared by every test: it is given one in the test's folder."""
    if url.startswith("sqlite"):
        return {}
    return {"NHACVIEC_DEMO_DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'nhacviec-thu.db'}"}
