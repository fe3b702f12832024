"""`plan check` is `plan import --accept-units` rolled back: for any file, one refuses exactly when the other
does, and a refused import leaves the database as it was. Without --accept-units, import also refuses a plan
that proposes units nobody knew (check shows them and passes), naming them and the flag."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select

from bot.cli.main import main as nhacviec
from storage.db import make_engine
from tests.support.composed_plans import TITLE

_FOLDER = Path(tempfile.mkdtemp(prefix="check-is-import-"))
_URL = f"sqlite:///{_FOLDER / 'plans.db'}"

GOOD = st.sampled_from([
    "I. Mục một\t\t\t\t\t", "II. Mục hai\t\t\t\t\t", "III.1. Nhóm\t\t\t\t\t", "A. PHẦN\t\t\t\t\t",
    "1\tViệc một\tSở Tài chính\tCác sở, ngành\tQuý I/2026\tBáo cáo",
    "1\tViệc lặp số\tSở Nội vụ\t\tThường xuyên\t",
    "2\tViệc hai\tCông an tỉnh\tSở Tài chính\t2026 - 2030\t",
    "1.1\tViệc chấm\tSở Y tế\t\tTừ tháng 3/2026\t",
    "\tÝ con có đơn vị riêng\tSở Xây dựng\t\t\t",
    "\t- Ý con gạch đầu dòng\t\t\t\t",
    "\ttiếp nối của dòng trên\t\t\t\t",
    "a)\tÝ a\tSở Tài chính\t\tTháng 5/2026\t",
    "6\tViệc sáu\tUBND các xã, phường\t\tTrước năm 2027\t",
    f"7\t{'Rất dài ' * 40}\tSở Tài chính\t\tQuý III/2026\t",
])
BAD = st.sampled_from([
    "3\tViệc ba\tSở Tài chính\t\thôm nào rảnh\t", "4\t\tSở Tài chính\t\tQuý II/2026\t",
    "5\tViệc năm\t\t\tQuý II/2026\t", "A7\tSố sai\tSở Tài chính\t\tQuý I/2026\t",
    "8\tViệc tám\tSở Tài chính\t\tTháng 13/2026\t", "9\tthừa cột\tSở Tài chính\t\tQuý I/2026\t\t\tx",
])
ROWS = st.tuples(st.lists(GOOD, max_size=10), st.lists(BAD, max_size=1), st.integers(0, 10)).map(
    lambda parts: parts[0][: parts[2]] + parts[1] + parts[0][parts[2]:])
HEADER = "TT\tNội dung công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm"
DATA_FILES = st.sampled_from([
    "plan: {commune: Thử, year: 2026}\nunits: [{code: a, name: Đơn vị A}]\n"
    "tasks: [{tt: '1', section: I, content: Việc, lead: a, time: Quý I/2026}, "
    "{tt: '1', section: I, content: Việc lặp, lead: a, time: Quý I/2026}]\n",
    "plan: {commune: Thử, year: 2026}\nunits: [{code: a, name: Đơn vị A}, {code: a, name: Đơn vị B}]\n"
    "tasks: [{tt: '1', section: I, content: Việc, lead: a, time: Quý I/2026}]\n",
    "plan: {commune: Thử, year: 2026}\nunits: [{code: a, name: Đơn vị A}]\n"
    "tasks: [{tt: '1', section: MỤC-RẤT-DÀI, content: Việc, lead: a, time: Quý I/2026}]\n",
    "plan: {commune: Thử, year: 2026}\nunits: [{code: a, name: Đơn vị A}]\n"
    "tasks: [{tt: '1', content: Không có mục, lead: a, time: Quý I/2026}]\n",
])


def _run(*argv: str) -> int:
    return _said(*argv)[0]


def _said(*argv: str) -> tuple[int, str]:
    """The command's exit code, and what it wrote to its standard error."""
    errors = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
        return nhacviec(list(argv)), errors.getvalue()


def _snapshot() -> dict[str, list[tuple]]:
    engine = make_engine(_URL)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
                    for name, table in metadata.tables.items() if name != "alembic_version"}
    finally:
        engine.dispose()


def _agree(path: Path) -> None:
    os.environ["NHACVIEC_DATABASE_URL"] = _URL
    plan = (str(path), "--commune", "Thử nghiệm", "--year", "2026")
    checked = _run("plan", "check", *plan)
    before = _snapshot()
    imported, said = _said("plan", "import", *plan)
    if imported != 0:
        assert _snapshot() == before
        if checked == 0:  # a plan check passes and shows what it proposes: the import asks for the flag
            assert "--accept-units" in said, said
            event("proposed units")
            imported = _run("plan", "import", *plan, "--accept-units")
    assert (checked == 0) == (imported == 0), path.read_text(encoding="utf-8")
    event("accepted" if imported == 0 else "refused")
    if imported != 0:
        assert _snapshot() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS, st.booleans())
@example(["5\tViệc năm\t\t\tQuý II/2026\t"], True)  # run first, on a fresh database: its focal point is proposed
def test_check_refuses_exactly_what_import_refuses(rows: list[str], with_header: bool) -> None:
    os.environ["NHACVIEC_DATABASE_URL"] = _URL
    if not (_FOLDER / "plans.db").exists():
        assert _run("init") == 0  # the seed plan is there: an import that is refused must leave it whole
    path = _FOLDER / "plan.txt"
    path.write_text("\n".join(TITLE + ([HEADER] if with_header else []) + rows), encoding="utf-8")
    _agree(path)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DATA_FILES)
def test_check_and_import_agree_on_data_files(text: str) -> None:
    os.environ["NHACVIEC_DATABASE_URL"] = _URL
    if not (_FOLDER / "plans.db").exists():
        assert _run("init") == 0
    path = _FOLDER / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    _agree(path)
