"""Running pg_dump and pg_restore: the password through the environment (PGPASSWORD), never on the command
line, where `ps` would show it, and never in an error message."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from storage.backup_error import BackupError


def run_pg(program: str, url: URL, *args: str, database_flag: bool = False) -> None:
    command = [found_tool(program), *args]
    if database_flag:
        command.insert(1, f"--dbname={url.database}")
    done = subprocess.run(command, env=_env(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError("tool_failed", program=program, error=_error(done.stderr, url))


def replace_public(url: URL, dump: Path) -> None:
    """The schema public of the database at `url` emptied and filled from `dump`, in one transaction: a
    failure leaves it as it was, and nothing of the old schema stays (a trigger or table a dump does not
    name would survive `pg_restore --clean`). The SQL is pg_restore's own rendering of a dump pg_dump made."""
    script = subprocess.Popen([found_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
                              env=_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        done = subprocess.run([found_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
                               f"--dbname={url.database}", "--command=DROP SCHEMA IF EXISTS public CASCADE",
                               "--command=CREATE SCHEMA public", "--file=-"],
                              env=_env(url), stdin=script.stdout, capture_output=True, text=True)
    finally:
        if script.stdout:
            script.stdout.close()
        script.wait()
    if done.returncode != 0 or script.returncode != 0:
        raise BackupError("install_failed", program="psql" if done.returncode else "pg_restore")


def found_tool(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        raise BackupError("no_tool", program=program)
    return found


def _env(url: URL) -> dict[str, str]:
    env = {**os.environ, "PGHOST": url.host or "", "PGPORT": str(url.port or 5432), "PGUSER": url.username or "",
           "PGDATABASE": url.database or ""}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _error(stderr: str, url: URL) -> str:
    error = stderr.strip()[-500:]
    return error.replace(str(url.password), "***") if url.password else error
