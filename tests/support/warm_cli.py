"""`nhacviec …` as a real process of its own, without paying Python's start and imports each time.

The end-to-end tests run the command line hundreds of times. Each run used to start an interpreter and import
SQLAlchemy, pydantic, python-docx and the whole product again: most of a run's time. A warm parent process
(started once per test worker, `python -m tests.support.warm_cli`) imports the command line once, then forks
a child for each run. The child is a process of its own, as `python -m bot.cli.main` would be: it takes the
run's environment, folder, standard input, output and error (files), calls the entry point with the run's
words, runs the exit handlers and ends with the command's exit code. Nothing of one run reaches the next:
each child starts from the parent's freshly imported state, which no command has touched.

The parent reads one JSON request a line on its standard input and writes one JSON answer a line; it is
single-threaded, so that forking it is safe. A test that talks with a run while it goes (a prompt read, then
Ctrl+C) gets its standard streams as pipes from WarmCli.start, as subprocess.Popen gives them. A test that must
see the interpreter start itself (the installed `nhacviec` script, `python -m` from another folder) still runs
a plain subprocess.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# What every command imports, and what the commands import lazily that costs a child most: the files a report,
# a chart, a calendar or the console's «báo cáo» builds (matplotlib, python-docx, openpyxl, Pillow's image
# formats), the holiday calendars the working days read, the backup before an import. Imported once here, each
# is the same module a child would import itself; imported in each child, they were half or more of the CPU of
# a `report`, `chart` or console «báo cáo» run (a chart 2.2 s -> 1.1, a workbook 1.1 s -> 0.3).
PRELOAD = ("bot.cli.main", "bot.files.chart", "bot.files.document", "bot.files.workbook", "bot.files.ics",
           "holidays.countries", "holidays.groups", "dateutil.easter", "openpyxl.packaging.extended",
           "PIL.PngImagePlugin", "PIL.BmpImagePlugin", "PIL.GifImagePlugin", "PIL.JpegImagePlugin",
           "PIL.PpmImagePlugin", "storage.backup_sqlite", "storage.backup_pg", "jobs.notify", "telegram",
           "bot.ops.doctor")


def _child(request: dict) -> None:
    """In the forked child: become the run, never return."""
    code = 1
    try:  # a failure before the command runs is written where the test can read it, then the run ends with 1
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, (path, mode) in enumerate((request["stdin"], request["stdout"], request["stderr"])):
            opened = os.open(path, mode)
            os.dup2(opened, fd)
            os.close(opened)
        # new streams on the new descriptors, as a starting interpreter makes them (nothing buffered is shared)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                          closefd=False)
        sys.argv = ["nhacviec", *request["args"]]
        from bot.cli.main import main

        try:
            code = main(request["args"])
        except SystemExit as ended:  # argparse, and commands that exit themselves
            code = ended.code if isinstance(ended.code, int) else (0 if ended.code is None else 1)
            if ended.code is not None and not isinstance(ended.code, int):
                print(ended.code, file=sys.stderr)
        except BaseException:  # noqa: BLE001 - as the interpreter would: the traceback on stderr, exit code 1
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a stream the command closed
                stream.flush()
        os._exit(code if isinstance(code, int) else 1)


def serve() -> None:
    """The warm parent: imports, then a fork per request line; answers {"pid"} at once and {"code"} at the end."""
    for name in PRELOAD:
        __import__(name)
    # SQLAlchemy sets its mappers up at a process's first query, the same each time: here once, not in each
    # child (0.05-0.1 s of every command that reads the database)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    answers = sys.stdout
    sys.stdout = sys.stderr  # nothing a module prints may break the answers' lines
    print(json.dumps({"ready": os.getpid()}), file=answers, flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), file=answers, flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), file=answers, flush=True)


def start_parent(module: str) -> subprocess.Popen[str]:
    """A warm parent (`python -m MODULE`, answering a JSON line per request), once it has said it is ready."""
    parent = subprocess.Popen([sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, bufsize=1, cwd=Path(__file__).parents[2])
    json.loads(parent.stdout.readline())  # {"ready": pid}: imported
    return parent


class WarmCli:
    """The test side: `run(args, env, cwd, stdin, timeout)` -> a CompletedProcess, as subprocess.run gives."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parent: subprocess.Popen[str] | None = None

    def _started(self) -> subprocess.Popen[str]:
        if self._parent is None or self._parent.poll() is not None:
            self._parent = start_parent("tests.support.warm_cli")
        return self._parent

    def run(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path, stdin: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        with self._lock, tempfile.TemporaryDirectory(prefix="warm-cli-") as folder:
            streams = Path(folder)
            (streams / "in").write_text(stdin or "", encoding="utf-8")
            request = {"args": list(args), "env": dict(env), "cwd": str(cwd),
                       "stdin": [str(streams / "in") if stdin is not None else os.devnull, os.O_RDONLY],
                       "stdout": [str(streams / "out"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC],
                       "stderr": [str(streams / "err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC]}
            parent = self._started()
            parent.stdin.write(json.dumps(request) + "\n")
            parent.stdin.flush()
            pid = json.loads(parent.stdout.readline())["pid"]
            killed: list[bool] = []
            killer = threading.Timer(timeout, lambda: killed.append(True) or os.kill(pid, signal.SIGKILL))
            killer.start()
            try:
                code = json.loads(parent.stdout.readline())["code"]
            finally:
                killer.cancel()
            if killed:
                raise subprocess.TimeoutExpired(["nhacviec", *args], timeout)
            out, err = ((streams / name).read_text(encoding="utf-8", errors="replace") for name in ("out", "err"))
        return subprocess.CompletedProcess(["nhacviec", *args], code, out, err)

    def start(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> Started:
        """`nhacviec ARGS` forked as run() forks it, its standard streams pipes the test writes and reads while it
        runs, as subprocess.Popen(stdin=PIPE, stdout=PIPE, stderr=PIPE) gives them: a person at the console, who
        may press Ctrl+C at a prompt. The warm parent serves no other run until this one has ended."""
        self._lock.acquire()
        try:
            folder = tempfile.TemporaryDirectory(prefix="warm-cli-")
            streams = [Path(folder.name) / name for name in ("in", "out", "err")]
            for fifo in streams:
                os.mkfifo(fifo)
            request = {"args": list(args), "env": dict(env), "cwd": str(cwd), "stdin": [str(streams[0]), os.O_RDONLY],
                       "stdout": [str(streams[1]), os.O_WRONLY], "stderr": [str(streams[2]), os.O_WRONLY]}
            parent = self._started()
            parent.stdin.write(json.dumps(request) + "\n")
            parent.stdin.flush()
            pid = json.loads(parent.stdout.readline())["pid"]
            return Started(["nhacviec", *args], pid, parent, streams, folder, self._lock.release)
        except BaseException:
            self._lock.release()
            raise

    def close(self) -> None:
        if self._parent is not None and self._parent.poll() is None:
            self._parent.stdin.close()
            self._parent.wait(timeout=30)


class Started:
    """A run started by WarmCli.start: stdin, stdout, stderr (binary pipes), send_signal, communicate and
    returncode, as a subprocess.Popen has them."""

    def __init__(self, args: list[str], pid: int, parent: subprocess.Popen[str], streams: list[Path],
                 folder: tempfile.TemporaryDirectory, release: Callable[[], None]) -> None:
        self.args, self.pid, self.returncode = args, pid, None
        self._parent, self._folder, self._release = parent, folder, release
        opened: list = []

        def open_in_order() -> None:  # the child's order: each open waits for the other end's
            for path, mode in ((streams[0], "wb"), (streams[1], "rb"), (streams[2], "rb")):
                opened.append(open(path, mode, buffering=0))  # noqa: SIM115 - closed by communicate

        opener = threading.Thread(target=open_in_order, daemon=True)
        opener.start()
        opener.join(60)
        if opener.is_alive():  # the child ended before it opened its streams: its ends are opened to free the thread
            for path in streams:
                os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))
            opener.join(5)
            self._end(5)
            raise RuntimeError(f"{args}: the run ended before it opened its standard streams")
        self.stdin, self.stdout, self.stderr = opened

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def communicate(self, timeout: float = 120) -> tuple[bytes, bytes]:
        """Closes stdin, reads stdout and stderr to their ends, waits for the run's exit code."""
        self.stdin.close()
        read: dict[str, bytes] = {}
        readers = [threading.Thread(target=lambda name=name, stream=stream: read.__setitem__(name, stream.read()),
                                    daemon=True) for name, stream in (("out", self.stdout), ("err", self.stderr))]
        for reader in readers:
            reader.start()
        self._end(timeout)
        for reader in readers:
            reader.join(timeout)
        self.stdout.close()
        self.stderr.close()
        return read.get("out", b""), read.get("err", b"")

    def _end(self, timeout: float) -> None:
        killed: list[bool] = []
        killer = threading.Timer(timeout, lambda: killed.append(True) or os.kill(self.pid, signal.SIGKILL))
        killer.start()
        try:
            self.returncode = json.loads(self._parent.stdout.readline())["code"]
        finally:
            killer.cancel()
            self._folder.cleanup()
            self._release()
        if killed:
            raise subprocess.TimeoutExpired(self.args, timeout)


_shared: WarmCli | None = None


def shared() -> WarmCli:
    """This process's warm parent, started at its first run and stopped when the process ends: the e2e tests'
    fixture and any test that runs `nhacviec` to its end share it."""
    global _shared
    if _shared is None:
        _shared = WarmCli()
        atexit.register(_shared.close)
    return _shared


def nhacviec(*args: str, env: Mapping[str, str], cwd: Path, stdin: str | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`nhacviec ARGS` run to its end as its own process (forked from the shared warm parent)."""
    return shared().run(args, env=env, cwd=cwd, stdin=stdin, timeout=timeout)


if __name__ == "__main__":
    serve()
