"""python -m bench.launch OUT.json COMMAND...: runs COMMAND, passes SIGTERM/SIGINT on to it, and writes
its peak RSS (os.wait4's rusage) and exit code to OUT.json.

Why a launcher: Linux carries a process's peak RSS across fork and exec (a forked child starts with its
parent's resident pages counted, and exec keeps the old high-water mark), so any child of the benchmark
would report at least the benchmark's own few hundred MB. This launcher is small, imports nothing heavy,
and its children start from its ~10 MB. Keep it that way: no imports from the product here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys


def main(out: str, command: list[str]) -> int:
    child = subprocess.Popen(command)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: child.send_signal(number))
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    with open(out, "w", encoding="utf-8") as file:
        json.dump({"peak_mb": usage.ru_maxrss / 1024, "exit": code}, file)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
