"""One thing `nhacviec doctor` found: how bad, what, and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    level: str  # ok | info | warn | error
    text: str
    fix: str = ""
