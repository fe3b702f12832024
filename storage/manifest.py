"""What a backup says about itself: format, schema revision, tables with their row counts, and a SHA-256 of
the rows. It travels twice: as `<copy>.manifest.json` beside the copy, and, for SQLite, inside the copy
(table nhacviec_backup_manifest), because a person who copies one file around copies the .db.

The digest is of the rows, not of the file: the same data hashes the same whether it is read from the copy
or from the scratch database a restore builds from it. It finds a copy damaged or edited by mistake; it
proves nothing against someone who edits a copy on purpose and hashes again, which is what the schema
check is for (storage.schema).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.backup_error import BackupError
from storage.schema import MANIFEST_SQL, MANIFEST_TABLE

FORMAT = "nhacviec-backup"
VERSION = 1  # a version the code does not know is refused: it may mean something this code cannot check


@dataclass(frozen=True)
class Manifest:
    kind: str  # sqlite | postgresql
    revision: str
    tables: dict[str, int]  # table -> rows
    sha256: str

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": VERSION, "kind": self.kind, "revision": self.revision,
                           "tables": dict(sorted(self.tables.items())), "sha256": self.sha256},
                          ensure_ascii=False, indent=1)


def parse(text: str, origin: str) -> Manifest:
    """The manifest in `text`, or BackupError when it is none of ours or of a newer format."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not ours")
        if data.get("version") != VERSION:
            raise BackupError("manifest_version", file=origin, version=str(data.get("version")),
                              known=str(VERSION))
        tables = data["tables"]
        manifest = Manifest(str(data["kind"]), str(data["revision"]),
                            {str(k): int(v) for k, v in tables.items()}, str(data["sha256"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError("manifest_bad", file=origin) from None
    return manifest


def sidecar(copy: Path) -> Path:
    return copy.with_name(copy.name + ".manifest.json")


def read_sidecar(copy: Path) -> Manifest | None:
    path = sidecar(copy)
    if not path.exists():
        return None
    try:
        return parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError):
        raise BackupError("manifest_bad", file=str(path)) from None


def write_sidecar(copy: Path, manifest: Manifest) -> Path:
    path, partial = sidecar(copy), sidecar(copy).with_suffix(".partial")
    partial.write_text(manifest.to_json() + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def embed(connection: sqlite3.Connection, manifest: Manifest) -> None:
    """The manifest into a SQLite copy, as one row of its own table."""
    with connection:
        connection.execute(f"DROP TABLE IF EXISTS {MANIFEST_TABLE}")
        connection.execute(MANIFEST_SQL)
        connection.execute(f"INSERT INTO {MANIFEST_TABLE} (manifest) VALUES (?)", (manifest.to_json(),))


def embedded(connection: sqlite3.Connection, origin: str) -> Manifest | None:
    """The manifest a SQLite copy carries; the caller has checked the table is exactly ours."""
    if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          (MANIFEST_TABLE,)).fetchone() is None:
        return None
    rows = connection.execute(f"SELECT manifest FROM {MANIFEST_TABLE}").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise BackupError("manifest_bad", file=origin)
    return parse(rows[0][0], origin)


def check(manifest: Manifest, found: Manifest, origin: str) -> None:
    """The data found in a copy is what its manifest says, or BackupError naming the first difference."""
    if manifest.kind != found.kind:
        raise BackupError("manifest_kind", file=origin, kind=manifest.kind, backend=found.kind)
    if manifest.revision != found.revision:
        raise BackupError("manifest_revision", file=origin, expected=manifest.revision, found=found.revision)
    if manifest.tables.keys() != found.tables.keys():
        names = sorted(manifest.tables.keys() ^ found.tables.keys())
        raise BackupError("manifest_tables", file=origin, tables=", ".join(names))
    for table, rows in sorted(manifest.tables.items()):
        if found.tables[table] != rows:
            raise BackupError("manifest_rows", file=origin, table=table, expected=str(rows),
                              found=str(found.tables[table]))
    if manifest.sha256 != found.sha256:
        raise BackupError("manifest_checksum", file=origin)


class Digest:
    """SHA-256 over tables in name order, each its name then its rows in key order, one line a row."""

    def __init__(self) -> None:
        self.hash, self.tables = hashlib.sha256(), {}

    def add(self, table: str, rows: Iterable[str]) -> None:
        self.hash.update(f"table {table}\n".encode())
        count = 0
        for line in rows:
            self.hash.update(line.encode("utf-8", "surrogatepass") + b"\n")
            count += 1
        self.tables[table] = count

    def manifest(self, kind: str, revision: str) -> Manifest:
        return Manifest(kind, revision, dict(self.tables), self.hash.hexdigest())


def sqlite_manifest(connection: sqlite3.Connection, revision: str) -> Manifest:
    """The manifest of a SQLite database's rows as they are now (its own manifest table aside)."""
    names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
             if not n.startswith("sqlite_") and n != MANIFEST_TABLE]
    digest, factory = Digest(), connection.text_factory
    connection.text_factory = _text  # a text that is not UTF-8 is hashed as it is, not refused
    try:
        for name in sorted(names):
            digest.add(name, _sqlite_rows(connection, name))
    finally:
        connection.text_factory = factory
    return digest.manifest("sqlite", revision)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _sqlite_rows(connection: sqlite3.Connection, table: str) -> Iterator[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    keys = sorted((row[5], row[1]) for row in connection.execute(f"PRAGMA table_info({quoted})") if row[5])
    order = ", ".join('"' + name.replace('"', '""') + '"' for _, name in keys) or "rowid"
    for row in connection.execute(f"SELECT * FROM {quoted} ORDER BY {order}"):
        yield json.dumps(list(row), ensure_ascii=False, default=_value)


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    raise TypeError(type(value).__name__)
