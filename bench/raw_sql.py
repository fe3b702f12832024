"""The reply path's lower bound: a handler doing the same writes as "xong N" in plain DB-API SQL.

It looks up the chat's binding and the task's first open occurrence, updates the occurrence and inserts a
status_changes row, in one transaction, then replies. No ORM, no permissions, no history: what is left
when the product's layers are taken away.
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
BINDING = ("SELECT plan_id FROM chat_bindings WHERE platform = 'telegram' AND chat_id = {p} "
           "AND active = {true}")
OCCURRENCE = ("SELECT o.id, o.status FROM occurrences o JOIN tasks t ON t.id = o.task_id "
              "WHERE t.plan_id = {p} AND t.number = {p} AND o.retired = {false} ORDER BY o.seq LIMIT 1")
UPDATE = "UPDATE occurrences SET status = {p}, progress = {p}, done_at = {p}, done_by = {p} WHERE id = {p}"
INSERT = ("INSERT INTO status_changes (occurrence_id, at, action, platform, user_id, user_name, chat_id, "
          "message_id, before, after, note, undone) VALUES ({p}, {p}, {p}, 'telegram', {p}, {p}, {p}, {p}, {p}, "
          "{p}, '', {false})")


class RawStore:
    """One DB-API connection, kept open like a pool would keep it."""

    def __init__(self, connection: Any, placeholder: str, dialect: str) -> None:
        self.connection = connection
        booleans = {"true": "1", "false": "0"} if dialect == "sqlite" else {"true": "true", "false": "false"}
        self.sql = {name: text.format(p=placeholder, **booleans)
                    for name, text in (("binding", BINDING), ("occurrence", OCCURRENCE), ("update", UPDATE),
                                       ("insert", INSERT))}
        self.dialect = dialect

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
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if self.dialect == "sqlite" else now
        cursor = self.connection.cursor()
        self._begin(cursor)
        cursor.execute(self.sql["binding"], (chat_id,))
        plan_id = cursor.fetchone()[0]
        cursor.execute(self.sql["occurrence"], (plan_id, number))
        occurrence_id, before = cursor.fetchone()
        after = "done" if done else "open"
        cursor.execute(self.sql["update"], (after, 100 if done else 0, stamp if done else None,
                                            user if done else None, occurrence_id))
        cursor.execute(self.sql["insert"], (occurrence_id, stamp, "done" if done else "undo", user, user,
                                            chat_id, message_id, json.dumps({"status": before}),
                                            json.dumps({"status": after})))
        if self.dialect == "sqlite":
            cursor.execute("COMMIT")
        else:
            self.connection.commit()
        return f"✅ NV {number}: {after}"

    def _begin(self, cursor: Any) -> None:
        if self.dialect == "sqlite":  # autocommit connection: one explicit transaction per update
            cursor.execute("BEGIN")


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
