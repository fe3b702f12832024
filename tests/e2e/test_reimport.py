"""Importing a plan over one in use: a diff first, history kept whatever the numbering, nothing rewritten
silently (issue 24, point 4)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from plan_data.readers.importer import BUNDLED_TEXT
from plan_data.zone import VN
from storage.changes import Author, change
from storage.db import make_engine, make_sessions
from storage.models import Occurrence, Plan, StatusChange, Task
from tests.support.seeded import init_copy

SEED = BUNDLED_TEXT.read_text(encoding="utf-8")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)


@pytest.fixture
def in_use(run, cli_database: str):
    """The seed plan loaded (a copy of what `nhacviec init` made once), with task 17 reported done in a chat."""
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    engine = make_engine(cli_database)
    sessions = make_sessions(engine)
    with sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == "17"))
        change(session, occurrence, "done", Author("telegram", "1", "An", "-100"), NOW, status="done", done_at=NOW)
    yield sessions
    engine.dispose()


def _numbered(sessions, wording: str) -> list[str]:
    with sessions.begin() as session:
        return list(session.scalars(select(Task.number).where(Task.content.startswith(wording),
                                                              Task.retired.is_(False))))


def _inserted_before_17(tmp_path: Path) -> Path:
    """The seed with a task inserted above 17: 17…35 move one down."""
    lines = SEED.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("17\t"))
    out = lines[:at] + ["17\tTập huấn nghiệp vụ một cửa\tTrung tâm Phục vụ hành chính công\t\tQuý II/2026\t"]
    for line in lines[at:]:
        head, tab, rest = line.partition("\t")
        out.append(f"{int(head) + 1}{tab}{rest}" if head.isdigit() and int(head) >= 17 else line)
    path = tmp_path / "them.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def test_renumbering_a_task_with_history_needs_apply_and_keeps_the_history(run, in_use, tmp_path) -> None:
    plan = _inserted_before_17(tmp_path)
    held = run("plan", "import", str(plan), "--no-backup", check=False)
    assert held.returncode == 1 and "--apply" in held.stderr and "17" in held.stderr
    assert "đổi số" in held.stdout and "17 → 18" in held.stdout
    assert _numbered(in_use, "Xây dựng Kế hoạch công tác cải cách thủ tục") == ["17"]  # nothing written
    done = run("plan", "import", str(plan), "--no-backup", "--apply")
    assert "thêm 1 (17)" in done.stdout
    assert _numbered(in_use, "Xây dựng Kế hoạch công tác cải cách thủ tục") == ["18"]
    with in_use.begin() as session:
        task = session.scalar(select(Task).where(Task.number == "18"))
        [history] = session.scalars(select(StatusChange).join(Occurrence).where(Occurrence.task_id == task.id))
        assert history.user_name == "An"


def test_renumbering_tasks_nobody_touched_needs_no_apply(run, cli_database, tmp_path) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    out = run("plan", "import", str(_inserted_before_17(tmp_path)), "--no-backup").stdout
    assert "đổi số 20 (17 → 18, 18 → 19" in out and "thêm 1 (17)" in out  # 17…35, 24.1 and 24.2


def test_a_number_written_twice_in_one_section_is_refused_naming_both_rows(run, in_use, tmp_path) -> None:
    lines = SEED.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("18\t"))
    lines[at] = "17" + lines[at][2:]
    path = tmp_path / "twice.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    refused = run("plan", "import", str(path), "--no-backup", check=False)
    assert refused.returncode == 1 and f"số thứ tự 17 đã dùng ở dòng {at}" in refused.stderr
    assert _numbered(in_use, "Xây dựng Kế hoạch công tác cải cách thủ tục") == ["17"]


def test_a_name_that_folds_to_a_plan_in_use_is_that_plan(run, in_use, tmp_path) -> None:
    path = tmp_path / "same.txt"
    path.write_text(SEED, encoding="utf-8")
    run("plan", "import", str(path), "--no-backup", "--commune", "xã NAM AN PHỤ")
    with in_use.begin() as session:
        assert session.scalars(select(Plan.commune)).all() == ["Nam An Phụ"]


def test_a_file_that_names_no_plan_needs_commune_to_update_one(run, in_use, tmp_path) -> None:
    lines = SEED.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("TT\t")):]
    path = tmp_path / "untitled.txt"
    path.write_text("\n".join(table), encoding="utf-8")
    refused = run("plan", "import", str(path), "--no-backup", "--year", "2026", check=False)
    assert refused.returncode == 1 and "«Nam An Phụ»" in refused.stderr and "--commune" in refused.stderr
    run("plan", "import", str(path), "--no-backup", "--year", "2026", "--commune", "Nam An Phụ")
    with in_use.begin() as session:
        assert session.scalars(select(Plan.commune)).all() == ["Nam An Phụ"]
