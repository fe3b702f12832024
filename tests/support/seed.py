"""What the seed plan (xã Nam An Phụ 2026) must read as: the issue's table, task by task."""

from __future__ import annotations

Q1 = ("2026-01-01", ["2026-03-31"])
YEAR = ("2026-01-01", ["2026-12-31"])
ALWAYS = ("2026-01-01", [])
REPORTS = (None, ["2026-03-04", "2026-06-04", "2026-09-04", "2026-12-04"])
EVENT = (None, [])


def _row(task: str, lead: str, kind: str, dates: tuple[str | None, list[str]]) -> dict[str, object]:
    return {"task": task, "lead": lead, "kind": kind, "start": dates[0], "due": dates[1]}


EXPECTED_SCHEDULE = [
    _row("1", "vhxh", "deadline", (None, ["2026-01-14"])),
    _row("2", "vhxh", "window", Q1),
    _row("3", "vhxh", "recurring", REPORTS),
    _row("4", "vhxh", "window", ("2026-10-01", ["2026-12-31"])),
    _row("5", "vhxh", "ongoing", YEAR),  # led by city departments: the commune's coordinator is reminded
    _row("6", "vhxh", "ongoing", YEAR),
    _row("7", "vhxh", "event", EVENT),
    _row("8", "dvsn", "window", ("2026-11-01", ["2026-11-30"])),
    _row("9", "dvsn", "window", ("2026-10-01", ["2026-10-31"])),
    *[_row(str(n), "vp", "ongoing", YEAR) for n in range(10, 15)],
    _row("15", "vp", "event", EVENT),
    _row("16", "vp", "ongoing", YEAR),
    _row("17", "hcc", "window", Q1),
    *[_row(str(n), "hcc", "ongoing", ALWAYS) for n in range(18, 23)],
    _row("23", "vhxh", "ongoing", YEAR),
    _row("24.1", "vhxh", "event", EVENT),  # "Theo hướng dẫn … Kế hoạch số 310/KH-UBND ngày 24/11/2025 …"
    _row("24.2", "vhxh", "ongoing", YEAR),
    *[_row(str(n), "vhxh", "ongoing", YEAR) for n in range(25, 28)],
    _row("28", "kt", "window", ("2026-01-01", ["2026-05-31"])),
    _row("29", "kt", "window", Q1),
    _row("30", "kt", "ongoing", YEAR),
    _row("31", "vhxh", "window", ("2026-10-01", ["2026-10-31"])),
    _row("32", "vhxh", "ongoing", YEAR),
    _row("33", "vhxh", "window", ("2026-07-01", ["2026-09-30"])),
    _row("34", "vhxh", "ongoing", YEAR),
    _row("35", "vhxh", "ongoing", YEAR),
    *[_row(f"BC-{u}", u, "recurring", REPORTS) for u in ("vp", "kt", "hcc", "dvsn")],
    *[_row(f"KH-{u}", u, "event", EVENT) for u in ("vp", "kt", "hcc", "dvsn")],
    _row("KP-kt", "kt", "window", Q1),
]


def _stored(row: dict[str, object]) -> dict[str, object]:
    """A row as the database holds it: an ongoing task is reported each quarter (plan_data.periods), due with
    that quarter's reports."""
    if row["kind"] != "ongoing":
        return row
    return {**row, "due": list(REPORTS[1])}


EXPECTED_STORED = [_stored(row) for row in EXPECTED_SCHEDULE]  # `nhacviec schedule --json` after `init`
