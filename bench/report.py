"""The table `make bench` prints, and bench/RESULTS.md: the machine, the versions, every figure."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.stats import Figure, Results, fmt

SECTIONS = {
    "a": "(a) Reply path: updates through the real PTB Application, local Bot API",
    "b": "(b) Reminder engine at national scale (PostgreSQL)",
    "c": "(c) A year's simulation",
    "d": "(d) Start-up and memory",
    "e": "(e) Delivery under faults: repeats from timeouts, nothing failed or lost; what each message's mark costs",
    "f": "(f) Readers bounded at their entrance and linear in their input",
    "g": "(g) The web side: the board's pages and the calendar feeds, server time",
    "h": "(h) The national morning: 34 tenants, a Telegram bot each, four workers, on one virtual clock (PostgreSQL)",
}


METHOD = """\
How each part is measured (the module named holds the details):
- (a) `bench/replies.py`: updates built as Telegram sends them go through `app.process_update(Update.de_json(raw,
  app.bot))` of the product's own `build_application`, whose Bot talks to a `BaseRequest` subclass answering
  getMe/sendMessage locally (`bench/local_api.py`). Status updates alternate «xong N» / «hoàn tác N» over every
  task, from the chairman's chat, so every update writes (checked: one status_changes row each). The echo and
  raw-SQL handlers (`bench/raw_sql.py`) run in the same rounds, on the same Application machinery.
- (b) `bench/national.py`, `bench/ticks.py`: the bundled plan under N commune names (the first 20 through
  `load_plan`, the rest copied in SQL, `bench/clone.py`), a chat bound per unit and the chairman, on a
  PostgreSQL with its durability on (fsync, synchronous commit). plan_ahead at 07:00 on 2026-03-31 (and the
  tick that runs it, with a coroutine sleeping 1 ms to find the loop's worst stall), then the 08:00 burst
  through `ReminderEngine.tick` with a recording sender at Telegram's pace on a virtual clock (its waits
  take no real time: the figure is the engine's own cost), whole up to 1,000 communes, tick after tick; then
  at 10:00 when nothing is due (right after the burst, and after VACUUM ANALYZE as autovacuum would have run
  by then), each statement EXPLAINed. Check-ins and report reminders (2026-02-25) and digests (2026-03-30)
  are measured on their own days.
- (c) `bench/simulate.py`: the CLI's own `cmd_simulate` in process, and `nhacviec simulate` as a process.
- (d) `bench/startup.py`: `nhacviec run` with a token against `tests/support/fake_bot_api.py` (real HTTP);
  ready = its first getUpdates (menu set, polling). Peak RSS from `os.wait4` of each child, started through
  `bench/launch.py` so that the benchmark's own memory is not counted in its children's.
- (e) `bench/faults.py`: the 2026-03-31 morning of ten communes through the real engine and PTB Bot to the
  stand-in, 10 % of sends answered 502 and 10 % posted but answered after the sender's timeout. `bench/marks.py`:
  the whole 08:00 burst of (b), at 100 communes, on SQLite and on durable PostgreSQL, with each message marked
  sent at once (the engine) and, in the same rounds, marked a group at a time (the engine before issue 24) and
  marked at once with a durable commit; per reminder, and as ratios per round.
- (f) `bench/readers.py`: each reader (a chat message, time cells in ten hostile shapes, a plan's data file, a
  published .txt plan) on a ladder of lengths, each twice the last, up to its entrance bound; the best of a few
  runs per step. Linear growth is the ladder's length ratio (8×); the target allows twice that for noise.
- (h) `bench/tenants.py`: (b)'s communes dealt to 34 tenants in blocks of neighbouring ids, each tenant's chats
  bound through its own bot; the 08:00 of 2026-03-31 through four `ReminderEngine`s, each a process of its own
  (`bench/morning_workers.py`), on one PostgreSQL and one virtual clock that moves only when every worker waits
  (`bench/shared_clock.py`): waits take no real time, work no virtual time. Ticks on APScheduler's 30 s grid at
  four phases; each message stamped with its virtual instant, bot and chat. The floor: four processes claiming,
  pacing and marking the same rows in plain SQL, sending nothing. At two scales.
"""


def _proc_value(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def machine() -> dict[str, str]:
    memory_kb = _proc_value("/proc/meminfo", "MemTotal").split()[0]
    return {
        "CPU": _proc_value("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "RAM": f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "?",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "python-telegram-bot": version("python-telegram-bot"),
        "SQLAlchemy": version("SQLAlchemy"),
        "psycopg": version("psycopg"),
    }


def postgres_version(postgres_bin: str) -> str:
    done = subprocess.run([postgres_bin, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


def _verdict(figure: Figure) -> str:
    if figure.met is None:
        return ""
    return "met" if figure.met else "MISSED"


def _row(figure: Figure) -> list[str]:
    runs = f"{len(figure.runs)}" + (f" ({figure.spread})" if figure.spread else "")
    return [figure.name, f"{fmt(figure.value)} {figure.unit}", runs, figure.target, _verdict(figure)]


HEADER = ["figure", "median", "runs (min–max)", "target", ""]


def table(results: Results) -> str:
    """Plain text, for the terminal."""
    rows = [HEADER] + [_row(f) for f in results.figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines, section = [], None
    for figure, row in zip([None, *results.figures], rows, strict=True):
        if figure is not None and figure.section != section:
            section = figure.section
            lines.append(f"\n{SECTIONS[section]}")
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def markdown(results: Results, info: dict[str, str], seconds: float) -> str:
    out = ["# Benchmarks", "",
           f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, in {seconds:.0f} s. "
           "Every figure is the median of the runs shown; ratios are per round, on runs that shared the "
           "same noise. The machine is shared: read the spread before the third digit.", "",
           METHOD, "| machine | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in info.items()]
    for section, title in SECTIONS.items():
        figures = [f for f in results.figures if f.section == section]
        if not figures:
            continue
        out += ["", f"## {title}", "", "| " + " | ".join(HEADER) + " |", "|---|---:|---|---|---|"]
        out += ["| " + " | ".join(_row(f)) + " |" for f in figures]
        out += [f"- *{f.name}*: {f.note}" for f in figures if f.note]
    if results.notes:
        out += ["", "## Findings", ""] + [f"- {note}" for note in results.notes]
    if results.profiles:
        out += ["", "## Profiles (cProfile, one extra run each; not the measured runs)"]
        for title, text in results.profiles.items():
            out += ["", f"### {title}", "", "```", text, "```"]
    return "\n".join(out) + "\n"
