"""The `nhacviec` command as a real process on a real SQLite file in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def cli_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The command line runs on both databases the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.db'}"
    return request.getfixturevalue("postgres").new_database(f"cli_{abs(hash(request.node.nodeid))}")


@pytest.fixture
def run(tmp_path: Path, cli_database: str):
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "TELEGRAM_BOT_TOKEN": ""}

    def run(*args: str, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "bot.cli.main", *args], env=env, cwd=tmp_path, input=stdin,
                              capture_output=True, text=True, timeout=120)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    return run
