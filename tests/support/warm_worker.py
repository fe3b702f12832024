"""Reminder workers (tests/support/worker.py) as processes of their own, forked from a warm parent.

The fault tests start a worker, kill it, start the next, dozens of times; each start used to import
SQLAlchemy, python-telegram-bot and the product again (about 2.5 s of CPU), most of what the loop cost. A
parent process (one per test process, `python -m tests.support.warm_worker`) imports the worker once, then
forks a child for each start: the child is a process of its own with its own pid, signals and exit code,
running the worker from the parent's freshly imported state, its output and errors in files. The parent does
not wait for a child: several workers run side by side, and each one's end is reported when it comes.

The test side, `start(*args)`, gives a WarmWorker with what the tests used of asyncio's Process: `pid`,
`returncode`, `send_signal`, `wait()`, `communicate()` and `stdout.readline()` (a line of its output while
it runs, read from its file as a pipe would give it).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from tests.support.warm_cli import start_parent

PRELOAD = "tests.support.worker"
# what a worker's first tick and first request import besides (the holidays' countries, httpx's transport):
# imported by the parent too, each child starts with them, as it starts with the worker's own modules
WARM = ("holidays.countries", "httpcore", "h11", "anyio._backends._asyncio", "certifi", "dateutil.easter")


def _child(request: dict) -> None:
    """In the forked child: become the worker, never return."""
    code = 1
    try:
        for fd, path, mode in ((0, os.devnull, os.O_RDONLY), (1, request["out"], os.O_WRONLY | os.O_CREAT),
                               (2, request["err"], os.O_WRONLY | os.O_CREAT)):
            opened = os.open(path, mode)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace",  # noqa: SIM115
                          closefd=False)
        sys.argv = ["worker", *request["args"]]
        from tests.support.worker import arguments, main

        code = asyncio.run(main(arguments()))
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 1
    except BaseException:  # noqa: BLE001 - as the interpreter would: the traceback on stderr, exit code 1
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code if isinstance(code, int) else 1)


def serve() -> None:
    """The warm parent: a request a line on stdin -> {"pid"} at once; each child's end -> {"exit", "code"}."""
    for name in (PRELOAD, *WARM):
        __import__(name)
    # the imported objects are never garbage: frozen, a child's collections neither walk them (CPU) nor
    # write to their pages (copies of the parent's memory), as CPython advises for a parent that forks
    gc.collect()
    gc.freeze()
    answers = sys.stdout
    sys.stdout = sys.stderr
    print(json.dumps({"ready": os.getpid()}), file=answers, flush=True)
    pending = b""
    children: set[int] = set()
    open_input = True
    while open_input or children:
        if open_input and select.select([0], [], [], 0.01)[0]:
            chunk = os.read(0, 65536)
            open_input = bool(chunk)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    _child(json.loads(line))
                children.add(pid)
                print(json.dumps({"pid": pid}), file=answers, flush=True)
        elif not open_input:
            select.select([], [], [], 0.01)
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                print(json.dumps({"exit": pid, "code": os.waitstatus_to_exitcode(status)}), file=answers,
                      flush=True)


class _Output:
    """A running worker's standard output, a whole line at a time; b"" once it has ended and all is read."""

    def __init__(self, worker: WarmWorker) -> None:
        self._worker, self._offset = worker, 0

    async def readline(self) -> bytes:
        while True:
            ended = self._worker.returncode is not None  # before reading: what it wrote is all there then
            with contextlib.suppress(FileNotFoundError), (self._worker.folder / "out").open("rb") as out:
                out.seek(self._offset)
                line = out.readline()
                if line.endswith(b"\n") or (ended and line):
                    self._offset += len(line)
                    return line
            if ended:
                return b""
            await asyncio.sleep(0.01)


class WarmWorker:
    """One worker, as the tests use asyncio's Process."""

    def __init__(self, pid: int, folder: Path, loop: asyncio.AbstractEventLoop) -> None:
        self.pid, self.folder, self._loop = pid, folder, loop
        self.returncode: int | None = None
        self._ended = asyncio.Event()
        self.stdout = _Output(self)

    def _exited(self, code: int) -> None:  # on the test's loop
        self.returncode = code
        self._ended.set()

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    async def wait(self) -> int:
        await self._ended.wait()
        return self.returncode

    async def communicate(self) -> tuple[bytes, bytes]:
        await self.wait()
        return (self.folder / "out").read_bytes(), (self.folder / "err").read_bytes()


class WarmWorkers:
    """The test process's warm parent; a thread reads its answers and hands each to its worker's loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parent: subprocess.Popen[str] | None = None
        self._pids: list[asyncio.Future[int]] = []  # spawns waiting for their pid, in order
        self._workers: dict[int, WarmWorker] = {}
        self._ended: dict[int, int] = {}  # a child that ended before its worker was known
        self._folder = Path(tempfile.mkdtemp(prefix="warm-worker-"))

    def _started(self) -> subprocess.Popen[str]:
        if self._parent is None or self._parent.poll() is not None:
            self._parent = start_parent("tests.support.warm_worker")
            threading.Thread(target=self._read, args=(self._parent,), daemon=True).start()
        return self._parent

    def _read(self, parent: subprocess.Popen[str]) -> None:
        for line in parent.stdout:
            answer = json.loads(line)
            with self._lock:
                if "pid" in answer:
                    future = self._pids.pop(0)
                    future.get_loop().call_soon_threadsafe(future.set_result, answer["pid"])
                elif (worker := self._workers.pop(answer["exit"], None)) is not None:
                    worker._loop.call_soon_threadsafe(worker._exited, answer["code"])
                else:
                    self._ended[answer["exit"]] = answer["code"]

    async def start(self, *args: str) -> WarmWorker:
        """`python -m tests.support.worker ARGS`, forked."""
        loop = asyncio.get_running_loop()
        folder = Path(tempfile.mkdtemp(dir=self._folder))
        future: asyncio.Future[int] = loop.create_future()
        with self._lock:
            parent = self._started()
            self._pids.append(future)
            parent.stdin.write(json.dumps({"args": list(args), "out": str(folder / "out"),
                                           "err": str(folder / "err")}) + "\n")
            parent.stdin.flush()
        pid = await future
        worker = WarmWorker(pid, folder, loop)
        with self._lock:
            if pid in self._ended:
                worker._exited(self._ended.pop(pid))
            else:
                self._workers[pid] = worker
        return worker

    def close(self) -> None:
        """The parent ends once its children have: a worker a test left running is killed first."""
        if self._parent is not None and self._parent.poll() is None:
            for worker in list(self._workers.values()):
                worker.send_signal(signal.SIGKILL)
            self._parent.stdin.close()
            try:
                self._parent.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._parent.kill()


_shared: WarmWorkers | None = None


async def start_worker(*args: str) -> WarmWorker:
    """A reminder worker forked from this process's warm parent (started at the first call)."""
    global _shared
    if _shared is None:
        _shared = WarmWorkers()
        atexit.register(_shared.close)
    return await _shared.start(*args)


if __name__ == "__main__":
    serve()
