"""The schema of a PostgreSQL database, described from its catalog, and the migrations' own to compare with.

The reference is made where the database is: the migrations run into a schema of their own inside a
transaction that is then rolled back, so nothing of it stays (PostgreSQL's DDL is transactional). Reading
the catalog runs no code of the database's own: it is done before any of its tables is read.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from storage.schema import Description

REFERENCE_SCHEMA = "nhacviec_reference"
RELATION_KINDS = {"r": "table", "p": "partitioned table", "v": "view", "m": "materialized view", "S": "sequence",
                  "i": "index", "I": "index", "f": "foreign table", "c": "type"}
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast", "public", REFERENCE_SCHEMA)

_RELATIONS = text("""SELECT c.relname, c.relkind, c.relrowsecurity, c.oid FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relkind <> 't'""")
_COLUMNS = text("""SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
    pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = :oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")
_INDEXES = text("""SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_class c JOIN pg_namespace n
    ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relkind IN ('i', 'I')""")
_CONSTRAINTS = text("""SELECT r.relname || '.' || k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
    JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace WHERE n.nspname = :schema""")
_TRIGGERS = text("""SELECT r.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = :schema AND NOT t.tgisinternal""")
_RULES = text("SELECT tablename || '.' || rulename FROM pg_rules WHERE schemaname = :schema")
_POLICIES = text("SELECT tablename || '.' || policyname FROM pg_policies WHERE schemaname = :schema")
_FUNCTIONS = text("""SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :schema""")
_TYPES = text("""SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = :schema AND t.typtype IN ('e', 'd', 'r', 'm')""")
_SCHEMAS = text("""SELECT nspname FROM pg_namespace WHERE nspname <> ALL(:system)
    AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'""")
_EXTENSIONS = text("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")
_EVENT_TRIGGERS = text("SELECT evtname FROM pg_event_trigger")


def pg_description(connection: Connection, schema: str = "public") -> Description:
    """Every object of `schema` by (type, name), written as if that schema were the only one."""
    connection.execute(text("SELECT set_config('search_path', :schema, true)"), {"schema": schema})
    found: Description = {}
    for name, kind, secured, oid in connection.execute(_RELATIONS, {"schema": schema}):
        kind_name = RELATION_KINDS.get(kind, f"relation {kind}")
        if kind_name == "table":
            found["table", name] = _columns(connection, oid) + (" row security" if secured else "")
        elif kind_name != "index":
            found[kind_name, name] = ""
    unqualified = f"{schema}."
    for name, definition in connection.execute(_INDEXES, {"schema": schema}):
        found["index", name] = definition.replace(unqualified, "")
    for name, definition in connection.execute(_CONSTRAINTS, {"schema": schema}):
        found["constraint", name] = definition.replace(unqualified, "")
    for kind, query in (("trigger", _TRIGGERS), ("rule", _RULES), ("policy", _POLICIES),
                        ("function", _FUNCTIONS), ("type", _TYPES)):
        found.update({(kind, name): "" for (name,) in connection.execute(query, {"schema": schema})})
    return found


def pg_database_extras(connection: Connection, scratch: bool = False) -> Description:
    """What acts on the whole database: event triggers; and in a scratch database, which should hold only
    the restored copy, any other schema or extension too (a live one may have a DBA's own)."""
    found: Description = {("event trigger", n): "" for (n,) in connection.execute(_EVENT_TRIGGERS)}
    if scratch:
        found.update({("schema", n): "" for (n,) in connection.execute(_SCHEMAS, {"system": list(SYSTEM_SCHEMAS)})})
        found.update({("extension", n): "" for (n,) in connection.execute(_EXTENSIONS)})
    return found


def _columns(connection: Connection, oid: int) -> str:
    rows = connection.execute(_COLUMNS, {"oid": oid})
    return "; ".join(f"{name} {kind}{' not null' if not_null else ''}{f' default {default}' if default else ''}"
                     f"{f' generated {generated}' if generated else ''}{f' identity {identity}' if identity else ''}"
                     for name, kind, not_null, default, generated, identity in rows)


def pg_reference(connection: Connection, revision: str) -> Description:
    """What the migrations up to `revision` make, described the same way, from a schema that is rolled back.
    The connection must not be in a transaction: this one is its own, and is undone."""
    from alembic import command

    from storage.migrate import alembic_config

    transaction = connection.begin()
    try:
        connection.execute(text(f"CREATE SCHEMA {REFERENCE_SCHEMA}"))
        connection.execute(text(f"SET LOCAL search_path TO {REFERENCE_SCHEMA}"))
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        reference = pg_description(connection, REFERENCE_SCHEMA)
    finally:
        transaction.rollback()
    return reference


def pg_revision(connection: Connection) -> str | None:
    """The revision recorded in public.alembic_version, when it is a plain table with one row."""
    kind = connection.scalar(text("""SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = 'alembic_version'"""))
    if kind != "r":
        return None
    rows = connection.execute(text("SELECT version_num FROM public.alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None
