"""PostgreSQL: a pg_dump with its manifest from the same snapshot, and a restore checked in a scratch database.

Backup: one REPEATABLE READ transaction exports its snapshot; the manifest is computed in it and pg_dump
dumps that very snapshot (--snapshot), so the two describe the same rows.

Restore: the archive's table of contents may list only tables, their data, sequences, defaults,
constraints and indexes (no function, trigger, view, rule, policy, extension…). It is restored into a
scratch database, whose catalog is compared with what the migrations make, its revision and its rows with
the manifest. Only then is the scratch database dumped again, by pg_dump, and that dump restored over the
live one: the live database receives what was checked, never the SQL text of the file itself.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL

from storage.backup_error import BackupError
from storage.manifest import Digest, Manifest, check, read_sidecar
from storage.pg_tools import found_tool, run_pg
from storage.schema import SchemaProblem, compare, known_revisions
from storage.schema_pg import pg_database_extras, pg_description, pg_reference, pg_revision

ALLOWED_ENTRIES = ("TABLE DATA", "TABLE", "SEQUENCE OWNED BY", "SEQUENCE SET", "SEQUENCE", "DEFAULT",
                   "FK CONSTRAINT", "CONSTRAINT", "INDEX")  # longest first: "TABLE DATA" before "TABLE"
KNOWN_ENTRIES = ("EVENT TRIGGER", "MATERIALIZED VIEW", "FOREIGN TABLE", "DEFAULT ACL", "TRIGGER", "FUNCTION",
                 "PROCEDURE", "AGGREGATE", "VIEW", "RULE", "POLICY", "EXTENSION", "SCHEMA", "TYPE", "DOMAIN")
DATA_OBJECTS = ("table", "index", "sequence", "constraint")  # what holds or orders rows, and runs nothing
_FORMAT = ("SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL extra_float_digits = 3",
           "SET LOCAL IntervalStyle = 'postgres'", "SET LOCAL bytea_output = 'hex'")  # one text per value


def backup_postgres(url: URL, out: Path) -> Manifest:
    """pg_dump of one snapshot to `out`, and the manifest of that snapshot."""
    engine = create_engine(url)
    try:
        snapshot_options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with engine.connect().execution_options(**snapshot_options) as connection, connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            manifest = pg_manifest(connection, pg_revision(connection) or "")
            partial = out.with_name(out.name + ".partial")
            run_pg("pg_dump", url, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                   f"--file={partial}")
    finally:
        engine.dispose()
    partial.replace(out)  # a dump cut short never takes the name of a finished one
    return manifest


def pg_manifest(connection: Connection, revision: str) -> Manifest:
    """Row counts and digest of every table of schema public, each row in its text form, in key order."""
    for setting in _FORMAT:
        connection.execute(text(setting))
    names = connection.scalars(text("""SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname""")).all()
    digest = Digest()
    for name in sorted(names):
        digest.add(name, _rows(connection, name))
    return digest.manifest("postgresql", revision)


def _rows(connection: Connection, table: str) -> Iterator[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    keys = connection.scalars(text("""SELECT a.attname FROM pg_index i JOIN pg_attribute a
        ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(:table AS regclass)
        AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)"""), {"table": f"public.{quoted}"}).all()
    order = ", ".join('t."' + k.replace('"', '""') + '"' for k in keys) or "t::text"
    result = connection.execution_options(stream_results=True, yield_per=2000).execute(
        text(f"SELECT t::text FROM public.{quoted} AS t ORDER BY {order}"))
    yield from result.scalars()


def restore_postgres(url: URL, source: Path, work: Path) -> tuple[Path, str, bool]:
    """Checks `source` through a scratch database; returns a dump of the checked scratch database, ready to
    restore over the live one, with the revision and whether a manifest was checked."""
    private = work / "copy.dump"
    shutil.copyfile(source, private)  # the file checked is the file restored, whatever happens to `source`
    check_entries(private, str(source))
    manifest = read_sidecar(source)
    with scratch_database(url) as scratch:
        try:
            run_pg("pg_restore", scratch, "--no-owner", "--no-privileges", "--single-transaction",
                   "--exit-on-error", str(private), database_flag=True)
        except BackupError as problem:
            raise BackupError("corrupt", file=str(source)) if problem.reason == "tool_failed" else problem from None
        revision = verify_scratch(scratch, manifest, str(source))
        checked = work / "checked.dump"
        run_pg("pg_dump", scratch, "--format=custom", "--no-owner", "--no-privileges", f"--file={checked}")
    return checked, revision, manifest is not None


def check_entries(archive: Path, origin: str) -> None:
    """The archive's table of contents lists only what a nhacviec database has, in schema public."""
    listing = subprocess.run([found_tool("pg_restore"), "--list", str(archive)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError("corrupt", file=origin)
    problems = []
    for line in listing.stdout.splitlines():
        if not line.strip() or line.startswith(";"):
            continue
        entry = line.split(" ", 3)[-1]  # "ID; tableoid oid TYPE schema name owner"
        kind = next((k for k in ALLOWED_ENTRIES if entry.startswith(k + " ")), None)
        if kind is None or entry[len(kind) + 1:].split(" ")[0] != "public":
            problems.append(_entry_problem(entry))
    if problems:
        raise BackupError("schema", problems, file=origin)


def _entry_problem(entry: str) -> SchemaProblem:
    kind = next((k for k in ALLOWED_ENTRIES + KNOWN_ENTRIES if entry.startswith(k + " ")), entry.split(" ")[0])
    words = entry[len(kind):].split()
    name = ".".join(words[1:-1]) if len(words) > 2 else " ".join(words)
    return SchemaProblem("extra", kind.lower(), name)


def verify_scratch(scratch: URL, manifest: Manifest | None, origin: str) -> str:
    """The restored copy's catalog, revision, schema and rows, in that order: nothing of it is read before
    the catalog shows it holds no code."""
    engine = create_engine(scratch)
    try:
        with engine.connect() as connection:
            with connection.begin():
                actual = pg_description(connection) | pg_database_extras(connection, scratch=True)
            acting = [k for k in sorted(actual) if k[0] not in DATA_OBJECTS]
            if acting:
                raise BackupError("schema", compare({k: actual[k] for k in acting}, {}), file=origin)
            with connection.begin():
                revision = pg_revision(connection)
            _known(revision, actual, connection, origin)
            if problems := compare(actual, pg_reference(connection, str(revision))):
                raise BackupError("schema", problems, file=origin)
            if manifest is not None:
                with connection.begin():
                    check(manifest, pg_manifest(connection, str(revision)), origin)
    finally:
        engine.dispose()
    return str(revision)


def _known(revision: str | None, actual, connection: Connection, origin: str) -> None:
    from storage.revisions import shown
    from storage.schema import head_revision

    if revision is None:
        problems = compare(actual, pg_reference(connection, head_revision()))
        raise BackupError("schema", problems, file=origin) if problems else BackupError("no_revision", file=origin)
    if revision not in known_revisions():
        raise BackupError("unknown_revision", file=origin, revision=shown(revision), head=head_revision())


@contextmanager
def scratch_database(url: URL) -> Iterator[URL]:
    """An empty database beside the live one (from template0, so with nothing a template added), dropped
    at the end whatever happened. The role needs CREATEDB, which the owner of a compose setup has."""
    name = f"{(url.database or 'nhacviec')[:40]}_kiemtra_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    except Exception:  # no CREATEDB, or the server refused: the restore cannot be checked, so is not done
        admin.dispose()
        raise BackupError("no_scratch", user=url.username or "") from None
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
