"""(d) Start-up and memory.

Ready: `nhacviec run` as a real process, with a token, against the test suite's local Bot API stand-in
(real HTTP on 127.0.0.1). "Ready" is the first getUpdates: the menu is registered (setMyCommands) and the
bot is polling, so a "xong 17" typed now would be answered. The process is then stopped with SIGTERM.

Memory at work: bench.day_child, a process that starts the product's Application and runs the first
tick of a busy day (materialize every plan, send the 08:00 burst) and a few replies.

Every child runs under bench/launch.py, which reports the child's own peak RSS (see there for why).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.stats import Figure, Results, at_most
from tests.support.fake_bot_api import FakeBotApi

NHACVIEC = Path(sys.executable).parent / "nhacviec"
ROOT = Path(__file__).resolve().parent.parent  # where `python -m bench.day_child` finds the packages
LAUNCH = Path(__file__).with_name("launch.py")
OURS = ("NHACVIEC_", "TELEGRAM_", "ZALO_")  # whatever the developer's shell has set must not leak in


def launched(command: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float]:
    """Runs a command to its end under the launcher: (its outcome, its peak RSS in MB)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([sys.executable, str(LAUNCH), out.name, *command], check=True,
                              capture_output=True, text=True, **kwargs)
        return done, json.loads(Path(out.name).read_text())["peak_mb"]


def _environment(api: FakeBotApi, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url,
               TELEGRAM_BASE_FILE_URL=api.base_file_url, NHACVIEC_DATABASE_URL=url, NHACVIEC_LOG_LEVEL="WARNING")
    return env


async def _first_call(api: FakeBotApi, method: str, timeout: float = 60) -> float:
    """When the stand-in first received `method` (to within the 2 ms it polls at). api.calls holds every
    call; api.wait_for only sees the ones that change something, and getUpdates is not one."""
    deadline = time.perf_counter() + timeout
    while not any(call["method"] == method for call in api.calls):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"`nhacviec run` never called {method}")
        await asyncio.sleep(0.002)
    return time.perf_counter()


async def _stop(process: subprocess.Popen, out: Path) -> float:
    """SIGTERM (the bot's own clean stop, passed on by the launcher); then the bot's peak RSS in MB."""
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(asyncio.to_thread(process.wait), 30)
    except TimeoutError:
        process.kill()
        process.wait()
        raise
    return json.loads(out.read_text())["peak_mb"]


async def ready_once(url: str, workdir: Path) -> tuple[float, float, float]:
    """(seconds to setMyCommands, seconds to the first getUpdates, peak RSS MB)."""
    out = workdir / "run-rusage.json"
    async with FakeBotApi() as api:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(LAUNCH), str(out), str(NHACVIEC), "run"],
                                   env=_environment(api, url), cwd=workdir, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            menu = await _first_call(api, "setMyCommands") - started
            polling = await _first_call(api, "getUpdates") - started
        finally:
            peak = await _stop(process, out)
    return menu, polling, peak


def ready(url: str, workdir: Path, label: str, results: Results, runs: int = 5, target: bool = False) -> None:
    measured = [asyncio.run(ready_once(url, workdir)) for _ in range(runs)]
    results.add(Figure("d", f"{label}: `nhacviec run` to setMyCommands", "ms", [m * 1000 for m, _, _ in measured]))
    polling = results.add(Figure("d", f"{label}: `nhacviec run` ready (first getUpdates)", "ms",
                                 [p * 1000 for _, p, _ in measured]))
    resident = results.add(Figure("d", f"{label}: peak RSS of `nhacviec run`, started then stopped", "MB",
                                  [r for _, _, r in measured]))
    if target:
        at_most(polling, 1500)
        at_most(resident, 150)


MEASURE_IMPORT = "import time; started = time.perf_counter(); {imports}; print(time.perf_counter() - started)"
IMPORTS = {
    "the product (bot.cli.main, bot.channels.telegram)": [sys.executable, "-c", MEASURE_IMPORT.format(
        imports="import bot.cli.main, bot.channels.telegram")],
    "the product, matplotlib/numpy/openpyxl/alembic stubbed": [sys.executable, str(ROOT / "bench/stub_heavy.py")],
    "matplotlib + openpyxl + alembic alone": [sys.executable, "-c", MEASURE_IMPORT.format(
        imports="import matplotlib.figure, matplotlib.backends.backend_agg, openpyxl, alembic.command")],
}


def imports(results: Results, runs: int = 3) -> None:
    """What start-up and memory are made of before any work: importing, in a fresh interpreter."""
    for label, command in IMPORTS.items():
        try:
            measured = [launched(command, cwd=ROOT) for _ in range(runs)]
        except subprocess.CalledProcessError as failed:  # a stand-in the product outgrew: say so, go on
            results.notes.append(f"(d) import {label}: could not be measured ({failed.stderr.strip()[-200:]})")
            continue
        results.add(Figure("d", f"import {label}: time", "ms", [float(done.stdout) * 1000 for done, _ in measured]))
        results.add(Figure("d", f"import {label}: peak RSS", "MB", [peak for _, peak in measured],
                           note="a bare interpreter is about 10 MB"))


def working_morning(url: str, label: str, results: Results, cap: int, runs: int = 1,
                    target: bool = False) -> None:
    """Peak RSS of a process that starts and runs the day's first tick (materialize + 08:00 burst)."""
    peaks, outputs = [], []
    for _ in range(runs):
        done, peak = launched([sys.executable, "-m", "bench.day_child", url, str(cap)], cwd=ROOT)
        peaks.append(peak)
        outputs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    figure = results.add(Figure("d", f"{label}: peak RSS, start + first tick of 2026-03-31 + 50 replies", "MB",
                                peaks, note=f"first tick: plan_ahead of every plan ({outputs[0]['tick_s']:.1f} s "
                                            f"with the burst), then {outputs[0]['sent']:,} reminders sent"))
    if target:
        at_most(figure, 150)
