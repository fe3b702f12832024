"""`nhacviec giao FILE` (issue 26, point 1): the tasks of a directive's table, composed here in the shapes commune
directives take (a «Thông báo kết luận» with its number, columns in either order, units by name or code), become
the plan's assigned tasks G1, G2 …; a directive with a row that cannot be read is refused whole, each problem
named by its row and column, and the database is left as it was."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from plan_data import assigned
from storage.db import make_engine, make_sessions
from storage.models import Occurrence, Task
from tests.support.seeded import init_copy

TITLE = ["ỦY BAN NHÂN DÂN XÃ NAM AN PHỤ", "Số: {number}/TB-UBND", "THÔNG BÁO",
         "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11 năm 2026", ""]
HEADERS = [("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành"),
           ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện")]
UNITS = {"kt": ["Phòng Kinh tế", "Phòng Kinh tế xã"], "vp": ["Văn phòng HĐND và UBND xã", "Văn phòng UBND xã"],
         "hcc": ["Trung tâm Phục vụ hành chính công", "TT Phục vụ hành chính công"],
         "dvsn": ["Trung tâm Dịch vụ Sự nghiệp công"]}
WORK = ["Báo cáo tình hình thu ngân sách quý IV", "Rà soát thủ tục hành chính thuộc thẩm quyền của xã",
        "Kiểm tra việc tiếp nhận hồ sơ tại bộ phận một cửa", "Tổng hợp ý kiến của người dân về dịch vụ công",
        "Cập nhật dữ liệu đất đai trên hệ thống", "Xây dựng kế hoạch tuyên truyền năm 2027"]
DEADLINES = [("15/12/2026", date(2026, 12, 15)), ("Trước ngày 20/12/2026", date(2026, 12, 19)),
             ("Quý I/2027", date(2027, 3, 31)), ("Chậm nhất ngày 28/12/2026", date(2026, 12, 28)),
             ("Trong tháng 01/2027", date(2027, 1, 31))]


def compose(seed: int, count: int = 4) -> tuple[list[str], list[list[str]], list[tuple[str, date]]]:
    """A directive's header and rows, and what each row must become: (lead code, due)."""
    pick = random.Random(seed)
    header = list(pick.choice(HEADERS))
    rows, expected = [], []
    for n, work in enumerate(pick.sample(WORK, count), start=1):
        lead = pick.choice(sorted(UNITS))
        other = pick.choice([c for c in sorted(UNITS) if c != lead])
        deadline, due = pick.choice(DEADLINES)
        rows.append([str(n), work, pick.choice(UNITS[lead]), pick.choice(["", UNITS[other][0]]), deadline])
        expected.append((lead, due))
    return header, rows, expected


def write(path: Path, header: list[str], rows: list[list[str]], number: int = 215) -> Path:
    document = docx.Document()
    for line in TITLE:
        document.add_paragraph(line.format(number=number))
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for r, cells in enumerate([header, *rows]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


@pytest.fixture
def database(request) -> str:
    url = request.getfixturevalue("cli_database")
    init_copy(url)  # what `nhacviec init` makes: the seed plan of Nam An Phụ, 2026
    return url


def _assigned(url: str) -> list[tuple[str, str, str, date | None]]:
    engine = make_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            rows = session.execute(select(Task.number, Task.responsible_id, Task.source_document, Occurrence.due, Task.leads)
                                   .join(Occurrence).where(Task.source == assigned.SOURCE).order_by(Task.position))
            return [(number, leads[0], document, due) for number, _unit, document, due, leads in rows]
    finally:
        engine.dispose()


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            return session.scalar(select(func.count()).select_from(Task))
    finally:
        engine.dispose()


@pytest.mark.parametrize("seed", [3, 26])
def test_a_directive_becomes_the_plans_assigned_tasks(run, database: str, tmp_path: Path, seed: int) -> None:
    header, rows, expected = compose(seed)
    done = run("giao", str(write(tmp_path / "thong-bao.docx", header, rows)), "--no-backup")
    assert "Đã giao 4 nhiệm vụ theo «215/TB-UBND»" in done.stdout and "G4" in done.stdout
    given = _assigned(database)
    assert [(number, lead, due) for number, lead, _doc, due in given] == [
        (f"G{n}", lead, due) for n, (lead, due) in enumerate(expected, start=1)]
    assert {document for _n, _l, document, _d in given} == {"215/TB-UBND"}
    status = json.loads(run("status", "--json").stdout)
    assert "G1" in json.dumps(status, ensure_ascii=False)
    again = run("giao", str(tmp_path / "thong-bao.docx"), "--no-backup", check=False)  # the same directive twice
    assert again.returncode == 1 and "đã giao theo «215/TB-UBND» là G1" in again.stderr
    assert len(_assigned(database)) == 4


def test_a_directive_with_a_row_not_read_is_refused_whole_with_its_rows_and_columns(run, database: str,
                                                                                     tmp_path: Path) -> None:
    header, rows, _expected = compose(7)
    rows[1][2] = "Phòng Tài nguyên và Môi trường"  # a unit the commune's plan does not have
    rows[3][4] = "sớm nhất có thể"  # a deadline the plan grammar does not read
    before = _count(database)
    refused = run("giao", str(write(tmp_path / "thong-bao.docx", header, rows)), "--no-backup", check=False)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Không giao nhiệm vụ nào" in refused.stderr and "Cơ sở dữ liệu không thay đổi" in refused.stderr
    lines = refused.stderr.splitlines()
    assert any(line.strip().startswith("Dòng 3") and "Phòng Tài nguyên và Môi trường" in line
               and "cột «Cơ quan chủ trì»" in line for line in lines)
    assert any(line.strip().startswith("Dòng 5") and "sớm nhất có thể" in line for line in lines)
    assert _count(database) == before and _assigned(database) == []
