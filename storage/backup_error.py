"""Why a backup or a restore was not done: the one exception of storage.backup and its checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class BackupError(Exception):
    """`reason` is a key of the operations' texts (bot.ops.texts.BACKUP_ERRORS); `details` fill it in, and
    `problems` (storage.schema.SchemaProblem) name what differs from the migrations' schema."""

    def __init__(self, reason: str, problems: Sequence[Any] = (), **details: str) -> None:
        super().__init__(f"{reason}: {details} {list(problems)}")
        self.reason, self.details, self.problems = reason, details, tuple(problems)
