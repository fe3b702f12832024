"""(c) A year's simulation: what `nhacviec simulate --from 2026-01-01 --to 2026-12-31 --json` does
(occurrence_states, then due_reminders over the year), for one commune and for a hundred.

The logic is measured by calling the CLI's own cmd_simulate in this process, its output captured; the
whole command as a process (imports included) is measured too, since that is what an officer waits for.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from bench.profiling import profile_call
from bench.seed import VN, commune_name
from bench.stats import Figure, Results, at_most, timed
from bot.cli.run import cmd_simulate
from bot.ops.settings import Settings

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
VENV_BIN = Path(sys.executable).parent


def simulate(url: str, commune: str) -> int:
    """One commune's year through cmd_simulate; returns how many reminders it printed."""
    args = argparse.Namespace(start=YEAR[0], end=YEAR[1], json=True, brief=False, done_on_due=False, commune=commune)
    settings = Settings(_env_file=None, NHACVIEC_DATABASE_URL=url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cmd_simulate(args, settings, lambda: datetime(2026, 1, 1, tzinfo=VN))
    return out.getvalue().count("\n")


def cli_seconds(url: str, commune: str, workdir: Path) -> float:
    """The command as an officer runs it: a new process, imports and all."""
    env = {**os.environ, "NHACVIEC_DATABASE_URL": url}
    command = [str(VENV_BIN / "nhacviec"), "simulate", "--from", YEAR[0].isoformat(), "--to",
               YEAR[1].isoformat(), "--json", "--commune", commune]
    return timed(lambda: subprocess.run(command, env=env, cwd=workdir, check=True, stdout=subprocess.DEVNULL))


def run(url: str, communes: int, results: Results, workdir: Path, runs: int = 5) -> None:
    one = commune_name(0)
    first = timed(lambda: simulate(url, one))  # cold: the working-day calendar is built on first use
    lines = simulate(url, one)
    single = [timed(lambda: simulate(url, one)) for _ in range(runs)]
    many = [timed(lambda: [simulate(url, commune_name(i)) for i in range(communes)]) for _ in range(3)]
    process = [cli_seconds(url, one, workdir) for _ in range(runs)]
    results.profiles["(c) simulate a year, 1 commune, in process"] = profile_call(lambda: simulate(url, one))
    at_most(results.add(Figure("c", f"simulate a year, 1 commune ({lines:,} reminders), in process", "ms",
                               [s * 1000 for s in single])), 1000)
    results.add(Figure("c", "simulate a year, 1 commune, first call (cold calendar)", "ms", [first * 1000]))
    results.add(Figure("c", f"simulate a year, {communes} communes, in process", "s", many))
    at_most(results.add(Figure("c", "`nhacviec simulate` a year, 1 commune, whole process", "ms",
                               [s * 1000 for s in process], note="interpreter start and imports included")),
            1000)
