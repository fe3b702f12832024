"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, a free port, stopped at the end.

One server serves a whole test session, however many pytest-xdist workers run it: the first worker that
needs it starts it and writes where it listens to a file in the session's shared folder (under a lock);
the others attach to it; the process that started the session stops it (tests/conftest.py). Each database
a test asks for is named after its worker, so that two workers never share one. `migrated_database` copies
a template migrated once per server (PostgreSQL's CREATE DATABASE … TEMPLATE), instead of running the
migrations again for each test.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock

TEMPLATE = "migrated_template"


def _bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make postgres` (scripts/ensure-postgres.sh)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_prefix() -> str:
    """"gw1_" in pytest-xdist's second worker, "" without xdist: database names of one worker are its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{worker}_" if worker else ""


class ThrowawayPostgres:
    """initdb + pg_ctl as an unprivileged user (PostgreSQL refuses to run as root). The tests' server trades
    durability for speed (no fsync, no synchronous commit); `durable=True` keeps PostgreSQL's defaults, as a
    real deployment has them, for the benchmark's figures."""

    def __init__(self, durable: bool = False, directory: Path | None = None, port: int | None = None) -> None:
        self.durable = durable
        self.dir = directory or Path(tempfile.mkdtemp(prefix="nhacviec-pg-"))
        self.data = self.dir / "data"
        self.port = port or _free_port()
        self._as_user: list[str] = []
        self._version: int | None = None
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres")
        self.url = f"postgresql+psycopg://nhacviec@127.0.0.1:{self.port}/nhacviec"

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_user, *command], check=True, capture_output=True, cwd=self.dir)

    def start(self) -> ThrowawayPostgres:
        self._run(_bin("initdb"), "-D", str(self.data), "-U", "nhacviec", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start")
        self._admin("CREATE DATABASE nhacviec", database="postgres")
        return self

    def _admin(self, *statements: str, database: str = "nhacviec") -> None:
        admin = sa.create_engine(self.url.rsplit("/", 1)[0] + f"/{database}", isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for statement in statements:
                    connection.execute(sa.text(statement))
        finally:
            admin.dispose()

    def new_database(self, name: str) -> str:
        """A fresh empty database on the same server, for a test that needs one to itself."""
        name = worker_prefix() + name
        self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def migrated_database(self, name: str) -> str:
        """A fresh database with the schema at head: a copy of a template migrated once for the server."""
        self._ensure_template()
        name = worker_prefix() + name
        for attempt in range(20):  # a template being copied by another worker at that instant is refused
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{name}"',
                            f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}{self._copy_strategy()}')
                break
            except sa.exc.OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.05)
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def drop_database(self, url: str) -> None:
        """A test's database dropped when the test is done with it (connections left open are ended): each is a
        few megabytes of files, and deleting a whole run's at its end took half a minute after the last test."""
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            self._admin(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}"'
                        + (" WITH (FORCE)" if self._server_version() >= 130000 else ""))

    def _copy_strategy(self) -> str:
        """PostgreSQL 15 writes a copied database to its log block by block unless told to copy its files: for
        a template of a few megabytes, a third of the server's work (fsync is off here, so the checkpoints the
        file copy asks for cost little). Older servers copy files anyway, and know no STRATEGY."""
        return " STRATEGY FILE_COPY" if self._server_version() >= 150000 else ""

    def _server_version(self) -> int:
        if self._version is None:
            admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as connection:
                    self._version = int(connection.execute(sa.text("SHOW server_version_num")).scalar_one())
            finally:
                admin.dispose()
        return self._version

    def _ensure_template(self) -> None:
        from storage.db import make_engine
        from storage.migrate import upgrade

        with FileLock(self.dir / "template.lock"):
            done = self.dir / "template.done"
            if done.exists():
                return
            self._admin(f"DROP DATABASE IF EXISTS {TEMPLATE}", f"CREATE DATABASE {TEMPLATE}")
            engine = make_engine(self.url.rsplit("/", 1)[0] + f"/{TEMPLATE}")
            try:
                upgrade(engine)
            finally:
                engine.dispose()
            done.touch()

    def describe(self) -> dict:
        return {"dir": str(self.dir), "port": self.port, "durable": self.durable}

    @classmethod
    def attach(cls, described: dict) -> ThrowawayPostgres:
        return cls(durable=described["durable"], directory=Path(described["dir"]), port=described["port"])

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            time.sleep(0.2)
        shutil.rmtree(self.dir, ignore_errors=True)


def shared_server(shared: Path) -> ThrowawayPostgres:
    """The session's one server: started by the first worker that asks, attached to by the others."""
    described = shared / "postgres.json"
    with FileLock(shared / "postgres.lock"):
        if described.exists():
            return ThrowawayPostgres.attach(json.loads(described.read_text()))
        server = ThrowawayPostgres().start()
        described.write_text(json.dumps(server.describe()))
        return server


def stop_shared_server(shared: Path) -> None:
    described = shared / "postgres.json"
    if described.exists():
        ThrowawayPostgres.attach(json.loads(described.read_text())).stop()
