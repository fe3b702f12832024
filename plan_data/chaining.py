"""An event task whose event is another task of the plan: "Sau khi UBND xã ban hành Kế hoạch cải cách hành
chính năm 2026" waits for task 1 ("Ban hành Kế hoạch cải cách hành chính năm 2026"), and gets its date
when task 1 is done.  (pure)"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from plan_data.folding import fold

_AFTER = re.compile(r"^(?:ngay\s+)?sau\s+khi\s+(?:(?:ubnd|uy ban nhan dan)\s+(?:xa|phuong|thanh pho|tinh)\s+)?(?P<what>.+)$")
_MIN_WORDS = 4  # "ban hành kế hoạch" alone could be any plan: ask for the whole object


def waits_for(expression: str, task: Any) -> bool:
    """Does the event phrase wait for this task ("Sau khi UBND xã ban hành X" and the task "Ban hành X")?"""
    found = _AFTER.match(fold(expression).rstrip(" ."))
    if found is None or len(found["what"].split()) < _MIN_WORDS:
        return False
    what, content = found["what"], fold(task.content).rstrip(" .")
    return content == what or content.startswith(what + " ")


def chained_due(trigger_done: date, offset_days: int | None, default_days: int) -> date:
    """The date an event task gets from its trigger's completion: the phrase's own offset ("trong 15 ngày sau
    khi …"), else the plan's."""
    return trigger_done + timedelta(days=default_days if offset_days is None else offset_days)
