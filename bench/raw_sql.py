"""The reply path's lower bound: a handler doing the product's work for «xong N» and «hoàn tác N» in plain
DB-API SQL.

The same statements the product issues (storage.stores): the chat's binding (kept per process, as the
product keeps it), the task with its occurrences; for «xong», the occurrence set done and an audit row with
the whole state before and after; for «hoàn tác», the newest change still standing, the occurrence put back
from its "before", that change marked undone and an audit row of the undo. One transaction, then the reply.
No ORM, no permissions, no parser, no wording: what is left when the product's layers are taken away.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

from telegram import ReplyParameters, Update
from telegram.ext import ContextTypes

COMMAND = re.compile(r"^(xong|hoàn tác) (\S+)$")
TRACKED = ("status", "progress", "due", "planned_due", "date_set_in_chat", "done_at", "done_by", "note")
BINDING = ("SELECT u.plan_id FROM chat_bindings b JOIN units u ON u.id = b.unit_id JOIN plans p ON p.id = u.plan_id "
           "WHERE b.platform = 'telegram' AND b.chat_id = {p}")
OCCURRENCES = ("SELECT o.id, " + ", ".join(f"o.{name}" for name in TRACKED) + ", u.name FROM tasks t "
               "JOIN units u ON u.id = t.responsible_id LEFT JOIN occurrences o ON o.task_id = t.id "
               "WHERE t.plan_id = {p} AND t.retired = {false} AND (t.number = {p} OR t.number LIKE {p} ESCAPE '/') "
               "ORDER BY t.position, o.seq")
LAST = ("SELECT id, action, before FROM status_changes WHERE occurrence_id = {p} AND undone = {false} "
        "AND action != 'undo' ORDER BY id DESC LIMIT 1")
UPDATE = "UPDATE occurrences SET " + ", ".join(f"{name} = {{p}}" for name in TRACKED) + " WHERE id = {p}"
UNDONE = "UPDATE status_changes SET undone = {true} WHERE id = {p}"
INSERT = ("INSERT INTO status_changes (occurrence_id, at, action, platform, user_id, user_name, chat_id, "
          "message_id, before, after, note, evidence, undone) VALUES ({p}, {p}, {p}, 'telegram', {p}, {p}, {p}, {p}, "
          "{p}, {p}, {p}, NULL, {false})")
STATEMENTS = {"binding": BINDING, "occurrences": OCCURRENCES, "last": LAST, "update": UPDATE, "undone": UNDONE,
              "insert": INSERT}


class RawStore:
    """One DB-API connection, kept open like a pool would keep it, and the chats' plans kept as the product
    keeps its bindings."""

    def __init__(self, connection: Any, placeholder: str, dialect: str) -> None:
        self.connection = connection
        booleans = {"true": "1", "false": "0"} if dialect == "sqlite" else {"true": "true", "false": "false"}
        self.sql = {name: text.format(p=placeholder, **booleans) for name, text in STATEMENTS.items()}
        self.dialect = dialect
        self.plans: dict[str, int] = {}

    @classmethod
    def open(cls, url: str) -> RawStore:
        if url.startswith("sqlite:///"):
            connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            # the product's pragmas (storage/db.py), so the comparison is on equal terms
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            return cls(connection, "?", "sqlite")
        import psycopg

        return cls(psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")), "%s", "postgresql")

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
        cursor.execute(self.sql["occurrences"], (plan_id, number, number + ".%"))
        occurrence_id, *state, unit = cursor.fetchone()
        before = dict(zip(TRACKED, state, strict=True))
        who = (user, user, chat_id, message_id)
        if done:
            after = {**before, "status": "done", "progress": 100, "done_at": now.isoformat(), "done_by": user}
            self._write(cursor, occurrence_id, {**after, "done_at": self._stamp(now)},
                        (occurrence_id, self._stamp(now), "done", *who, _json(before), _json(after), ""))
        else:
            cursor.execute(self.sql["last"], (occurrence_id,))
            change_id, action, undone = cursor.fetchone()
            after = undone if isinstance(undone, dict) else json.loads(undone)
            self._write(cursor, occurrence_id, after, (occurrence_id, self._stamp(now), "undo", *who, _json(before),
                                                       _json(after), f"hoàn tác «{action}» #{change_id}"))
            cursor.execute(self.sql["undone"], (change_id,))
        if self.dialect == "sqlite":
            cursor.execute("COMMIT")
        else:
            self.connection.commit()
        return f"✅ NV {number} ({unit}): {after['status']}, {now:%H:%M %d/%m/%Y}"

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
