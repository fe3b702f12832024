"""The reply path's lower bound: a handler doing the product's work for «xong N» and «hoàn tác N» in plain
DB-API SQL.

The same statements the product issues (storage.stores), in as many round trips: the chat's binding (kept
per process, as the product keeps it), the task by its number with its occurrences (the product's first
question: headings are looked for only when no task has the number), for «hoàn tác» with the newest change
still standing, in the same question; then, sent together (psycopg's pipeline on PostgreSQL), for «xong»
the occurrence set done and an audit row with the whole state before and after, for «hoàn tác» the
occurrence put back from that change's "before", the change marked undone and an audit row of the undo.
One transaction, then the reply. No ORM, no permissions, no parser, no wording: what is left when the
product's layers are taken away.
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from telegram import ReplyParameters, Update
from telegram.ext import ContextTypes

COMMAND = re.compile(r"^(xong|hoàn tác) (\S+)$")
TRACKED = ("status", "progress", "due", "planned_due", "date_set_in_chat", "done_at", "done_by", "note")
BINDING = ("SELECT u.plan_id FROM chat_bindings b JOIN units u ON u.id = b.unit_id JOIN plans p ON p.id = u.plan_id "
           "WHERE b.platform = 'telegram' AND b.chat_id = {p}")
_TASK = ("SELECT o.id, " + ", ".join(f"o.{name}" for name in TRACKED) + ", u.name{changes} FROM tasks t "
         "JOIN units u ON u.id = t.responsible_id LEFT JOIN occurrences o ON o.task_id = t.id{join} "
         "WHERE t.plan_id = {{p}} AND t.retired = {{false}} AND t.number = {{p}} ORDER BY t.position, o.seq")
OCCURRENCES = _TASK.format(changes="", join="")
# the task's newest change still standing, on its occurrence's row (storage.stores, undoing)
UNDOABLE = _TASK.format(changes=", c.id, c.action, c.before", join=(
    " LEFT JOIN status_changes c ON c.occurrence_id = o.id AND c.id = (SELECT max(l.id) FROM status_changes l "
    "WHERE l.occurrence_id IN (SELECT s.id FROM occurrences s WHERE s.task_id = t.id) "
    "AND l.undone = {false} AND l.action != 'undo')"))
UPDATE = "UPDATE occurrences SET " + ", ".join(f"{name} = {{p}}" for name in TRACKED) + " WHERE id = {p}"
UNDONE = "UPDATE status_changes SET undone = {true} WHERE id = {p}"
INSERT = ("INSERT INTO status_changes (occurrence_id, at, action, platform, user_id, user_name, chat_id, "
          "message_id, before, after, note, evidence, undone) VALUES ({p}, {p}, {p}, 'telegram', {p}, {p}, {p}, {p}, "
          "{p}, {p}, {p}, NULL, {false})")
STATEMENTS = {"binding": BINDING, "occurrences": OCCURRENCES, "undoable": UNDOABLE, "update": UPDATE, "undone": UNDONE, "insert": INSERT}


class RawStore:
    """One DB-API connection, kept open like a pool would keep it, and the chats' plans kept as the product
    keeps its bindings."""

    def __init__(self, connection: Any, placeholder: str, dialect: str, floor: bool = False) -> None:
        self.connection = connection
        self.floor = floor
        booleans = {"true": "1", "false": "0"} if dialect == "sqlite" else {"true": "true", "false": "false"}
        self.sql = {name: text.format(p=placeholder, **booleans) for name, text in STATEMENTS.items()}
        self.dialect = dialect
        self.plans: dict[str, int] = {}

    @classmethod
    def open(cls, url: str, floor: bool = False) -> RawStore:
        """`floor` (PostgreSQL): the least the work can cost, two round trips and the durable commit: the
        read on its own (autocommit: under READ COMMITTED a read inside the transaction sees no more), then
        BEGIN, the writes and COMMIT sent together."""
        if url.startswith("sqlite:///"):
            connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            # the product's pragmas (storage/db.py), so the comparison is on equal terms
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            return cls(connection, "?", "sqlite")
        import psycopg

        return cls(psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=floor), "%s",
                   "postgresql", floor)

    def close(self) -> None:
        self.connection.close()

    def mark(self, chat_id: str, number: str, done: bool, user: str, message_id: str) -> str:
        now = datetime.now(UTC)  # clock: the raw handler stands in for the product, which is given one
        cursor = self.connection.cursor()
        if self.dialect == "sqlite":  # autocommit connection: one explicit transaction per update
            cursor.execute("BEGIN")
        plan_id = self.plans.get(chat_id)
        if plan_id is None:
            cursor.execute(self.sql["binding"], (chat_id,))
            plan_id = self.plans[chat_id] = cursor.fetchone()[0]
        cursor.execute(self.sql["occurrences" if done else "undoable"], (plan_id, number))
        rows = cursor.fetchall()
        if done:
            occurrence_id, *state, unit = rows[0]
        else:  # the occurrence the task's newest standing change is on
            occurrence_id, *state, unit, change_id, action, undone = next(row for row in rows if row[-3] is not None)
        before = dict(zip(TRACKED, state, strict=True))
        who = (user, user, chat_id, message_id)
        with self._together():
            if self.floor:
                cursor.execute("BEGIN")
            if done:
                after = {**before, "status": "done", "progress": 100, "done_at": now.isoformat(), "done_by": user}
                self._write(cursor, occurrence_id, {**after, "done_at": self._stamp(now)},
                            (occurrence_id, self._stamp(now), "done", *who, _json(before), _json(after), ""))
            else:
                after = undone if isinstance(undone, dict) else json.loads(undone)
                self._write(cursor, occurrence_id, after, (occurrence_id, self._stamp(now), "undo", *who,
                                                           _json(before), _json(after),
                                                           f"hoàn tác «{action}» #{change_id}"))
                cursor.execute(self.sql["undone"], (change_id,))
            if self.floor:
                cursor.execute("COMMIT")
        if self.dialect == "sqlite":
            cursor.execute("COMMIT")
        elif not self.floor:
            self.connection.commit()
        return f"✅ NV {number} ({unit}): {after['status']}, {now:%H:%M %d/%m/%Y}"

    def _together(self) -> AbstractContextManager[Any]:
        """The writes in one round trip, as the product sends them (storage.stores.on_connection)."""
        return self.connection.pipeline() if self.dialect == "postgresql" else nullcontext()

    def _write(self, cursor: Any, occurrence_id: int, state: dict[str, Any], record: tuple[Any, ...]) -> None:
        cursor.execute(self.sql["update"], (*[state[name] for name in TRACKED], occurrence_id))
        cursor.execute(self.sql["insert"], record)

    def _stamp(self, now: datetime) -> Any:
        return now.strftime("%Y-%m-%d %H:%M:%S.%f") if self.dialect == "sqlite" else now


def _json(state: dict[str, Any]) -> str:
    """A snapshot as storage.changes writes it: dates and instants as ISO strings."""
    return json.dumps(state, default=lambda value: value.isoformat())


def raw_handler(store: RawStore):
    async def on_raw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Parse with one regex, write in plain SQL, reply the way the product replies."""
        message = update.effective_message
        match = COMMAND.match(message.text or "")
        if match is None:
            return
        text = store.mark(str(message.chat_id), match[2], match[1] == "xong", message.from_user.full_name,
                          str(message.message_id))
        await context.bot.send_message(message.chat_id, text,
                                       reply_parameters=ReplyParameters(message.message_id,
                                                                        allow_sending_without_reply=True))

    return on_raw


async def on_echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The floor: PTB's own cost of taking an update and answering it, with no database at all."""
    message = update.effective_message
    await context.bot.send_message(message.chat_id, message.text,
                                   reply_parameters=ReplyParameters(message.message_id,
                                                                    allow_sending_without_reply=True))
