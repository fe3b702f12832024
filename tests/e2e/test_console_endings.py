"""The console chat ends as a person ends it: «thoát», Ctrl+D (end of input) or Ctrl+C, at any prompt, with
exit status 0 (`make run` then ends without "make: *** Error"), and never a traceback."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tests.e2e.conftest import demo_database
from tests.support import warm_cli
from tests.support.seeded import init_copy


def test_end_of_input_before_a_unit_is_chosen_ends_cleanly(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    for stdin in ("", "ai đó\n"):  # Ctrl+D at «Gõ mã», at once or after a wrong code
        done = run("run", stdin=stdin, check=False)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert run("run", "--as", "hcc", stdin="việc\n").returncode == 0  # Ctrl+D in the chat


def _read_until(stream, end: bytes) -> bytes:
    seen = b""
    while not seen.endswith(end):
        byte = stream.read(1)
        assert byte, seen.decode(errors="replace")
        seen += byte
    return seen


def test_ctrl_c_at_any_prompt_ends_cleanly(tmp_path: Path, cli_database: str, request) -> None:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": "",
           "NHACVIEC_TODAY": "", **demo_database(tmp_path, cli_database)}
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    for args, prompt in ((["run"], b"\n> "), (["run", "--as", "hcc"], b"hcc> "),
                         (["run", "--date", "02/02/2026", "--as", "kt"], b"kt> ")):
        # its own process, as `python -m bot.cli.main` with pipes, forked from the warm parent: no interpreter start
        process = warm_cli.shared().start(args, env=env, cwd=tmp_path)
        _read_until(process.stdout, prompt)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0 and b"Traceback" not in err, err.decode(errors="replace")
