"""The command line as a newcomer meets it (issue 12): Vietnamese help, dd/mm/yyyy dates, the database found
wherever the command is typed, a demo date for the console, simulate's real messages."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import build_parser, main
from tests.e2e.conftest import demo_database
from tests.support.seeded import init_copy

ENGLISH = ("usage:", "show this help", "options:", "positional arguments", "optional arguments")


def subcommands(parser, prefix=()) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            for name, sub in action.choices.items():
                found += subcommands(sub, (*prefix, name))
    return found


@pytest.mark.parametrize("words", subcommands(build_parser()))
def test_every_help_is_in_vietnamese(capsys, words: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Cách dùng: nhacviec")
    assert not any(english in shown.lower() for english in ENGLISH), shown
    for line in shown.splitlines():  # every option and argument has its help
        if line.startswith("  -") and not line.strip().startswith("-h"):
            assert len(line.split(None, 2)) >= 2, line


def parser_of(parser, words: tuple[str, ...]):
    for word in words:
        parser = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[word]
    return parser


@pytest.mark.parametrize("words", subcommands(build_parser()))
def test_every_argument_has_a_vietnamese_name_and_its_help(words: tuple[str, ...]) -> None:
    """No `--commune COMMUNE`, `--out OUT` or a bare `file` in --help: a value is named in Vietnamese."""
    for action in parser_of(build_parser(), words)._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        assert action.help, f"{words} {action.option_strings or action.dest}: no help"
        if action.nargs != 0:
            assert action.metavar, f"{words} {action.option_strings or action.dest}: no Vietnamese name"


def test_errors_are_in_vietnamese(run) -> None:
    wrong = run("report", "--quarter", "7", check=False)
    assert wrong.returncode == 2 and "lỗi: --quarter: không có lựa chọn «7»" in wrong.stderr
    missing = run("simulate", "--from", "01/03/2026", check=False)
    assert missing.returncode == 2 and "lỗi: thiếu --to" in missing.stderr


def test_dates_as_officers_write_them(run, tmp_path: Path, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    out = tmp_path / "q1.xlsx"
    done = run("report", "--quarter", "1", "--as-of", "31/03/2026", "--out", str(out))
    assert "31/03/2026" in done.stdout and out.stat().st_size > 1000
    assert run("report", "--as-of", "31/13/2026", check=False).returncode == 2
    status = run("status").stdout.splitlines()
    assert status[0].split() == ["TT", "Đơn", "vị", "Trạng", "thái"]
    schedule = run("schedule").stdout.splitlines()
    assert schedule[0].split()[:3] == ["TT", "Đơn", "vị"] and "31/03/2026" in "\n".join(schedule)
    assert "2026-" not in "\n".join(schedule)


def test_console_changes_carry_a_readable_name(run, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    run("run", "--as", "hcc", stdin="xong 17\nthoát\n")
    row = next(r for r in json.loads(run("status", "--json").stdout) if r["task"] == "17")
    assert row["by"].endswith(" – Trung tâm Phục vụ hành chính công") and "(" not in row["by"]
    show = run("plan", "show").stdout
    assert "xã xã" not in show


def test_simulate_prints_the_messages_themselves(run, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    full = run("simulate", "--from", "02/03/2026", "--to", "02/03/2026").stdout
    assert "📋 Tổng hợp tuần CCHC Nam An Phụ — 02/03/2026 (Thứ Hai)" in full
    assert "── 08:00 02/03/2026 (Thứ Hai) → chutich" in full
    brief = run("simulate", "--from", "02/03/2026", "--to", "02/03/2026", "--brief").stdout
    assert "02/03/2026 08:00  chutich" in brief and "📋" not in brief
    reversed_range = run("simulate", "--from", "06/03/2026", "--to", "02/03/2026", check=False)
    assert reversed_range.returncode == 2 and "Khoảng ngày bị ngược" in reversed_range.stderr


def test_a_commune_is_found_however_its_name_is_typed(run, tmp_path: Path, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    bundled = Path(__file__).parents[2] / "plan_data" / "nam_an_phu_2026.yaml"
    run("plan", "import", str(bundled), "--commune", "An Lão")
    for typed in ("an lao", "AN LÃO", "Xã An Lão"):
        assert json.loads(run("status", "--json", "--commune", typed).stdout)
    chat = run("run", "--as", "hcc", stdin="2\nviệc\nthoát\n")  # two plans: the console asks which
    assert "Chọn xã" in chat.stdout and "An Lão" in chat.stdout and "Nhiệm vụ đang mở" in chat.stdout


def test_a_demo_date_runs_the_console_as_on_that_day(run, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    chat = run("run", "--console", "--date", "20/03/2026", "--as", "chutich", stdin="quá hạn\nthoát\n")
    assert "Ngày thử: 20/03/2026 (Thứ Sáu)" in chat.stdout
    assert "tính đến 20/03/2026" in chat.stdout and "quá hạn 16 ngày" in chat.stdout


def test_a_demo_date_runs_every_plan_command_on_the_demo_database(tmp_path: Path, cli_database: str,
                                                                 warm_cli) -> None:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "NHACVIEC_TODAY": "20/03/2026",
           "TELEGRAM_BOT_TOKEN": "", **demo_database(tmp_path, cli_database)}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return warm_cli.run(args, env={**env, **extra}, cwd=tmp_path, stdin="thoát\n", timeout=120)

    assert run("init").returncode == 0
    status = run("status")
    assert status.returncode == 0 and "Ngày thử 20/03/2026 (Thứ Sáu) 08:00" in status.stderr
    invite = run("invite", "hcc")  # a code for a real chat: never from a demo
    assert invite.returncode == 2 and "NHACVIEC_TODAY" in invite.stderr
    bot = run("run", TELEGRAM_BOT_TOKEN="123456:ABCDEF")
    assert bot.returncode == 2 and "luôn chạy theo ngày giờ thật" in bot.stderr
    assert "Ngày thử: 20/03/2026" in run("run", "--as", "hcc").stdout


def test_the_database_is_the_same_wherever_the_command_is_typed(tmp_path: Path) -> None:
    """Without a setting, the project's var/nhacviec.db, not one in the current folder (which `make test` has
    set up with `nhacviec init`); a database never set up is named, not a traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("NHACVIEC_DATABASE_URL", "NHACVIEC_TODAY")}
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    status = subprocess.run([sys.executable, "-m", "bot.cli.main", "schedule", "--json"], env=env, cwd=elsewhere,
                            capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    assert not (elsewhere / "var").exists()
    empty = subprocess.run([sys.executable, "-m", "bot.cli.main", "status"], cwd=elsewhere, capture_output=True,
                           text=True, timeout=120,
                           env={**env, "NHACVIEC_DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"})
    assert empty.returncode == 2 and "chưa được tạo" in empty.stderr and "Traceback" not in empty.stderr


def test_a_setting_that_cannot_be_read_is_named_not_a_traceback(tmp_path: Path, cli_database: str,
                                                                warm_cli) -> None:
    """The settings are read when the command runs, not when it is imported: a forked run reads the test's."""
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "NHACVIEC_TODAY": "31/02/2026"}
    done = warm_cli.run(("status",), env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and "NHACVIEC_TODAY" in done.stderr and "Traceback" not in done.stderr


def test_the_demo_has_a_database_of_its_own(run, tmp_path: Path, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    run("run", "--console", "--date", "20/03/2026", "--as", "hcc", stdin="xong 17\nthoát\n")
    row = next(r for r in json.loads(run("status", "--json").stdout) if r["task"] == "17")
    assert row["status"] != "done"  # the real database never saw the demo's «xong»
