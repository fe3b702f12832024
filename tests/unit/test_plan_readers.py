"""Reading plans: the seed's text, a .docx and the data file give the same plan; bad rows are named."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from bot.cli.main import schedule_row
from plan_data import datafile
from plan_data.importer import BUNDLED_PLAN, BUNDLED_TEXT, parse_text, read_plan
from plan_data.model import PlanError
from plan_data.units import STANDARD_UNITS, UnitDirectory, UnitNotFound, resolve_coordinators, resolve_lead
from tests.support.seed import EXPECTED_SCHEDULE


def _task_facts(spec):
    return [(t.number, t.section, t.content, t.lead_text, t.coordinators_text, t.time_expression, t.product,
             t.leads, t.coordinators, t.responsible, t.group, t.source, t.schedule) for t in spec.tasks]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return BUNDLED_TEXT.read_text(encoding="utf-8")


def test_data_file_reads_as_the_issue_table() -> None:
    spec = read_plan(BUNDLED_PLAN)
    assert (spec.commune, spec.year, spec.province, spec.timezone) == ("Nam An Phụ", 2026, "Hải Phòng", "Asia/Ho_Chi_Minh")
    assert [schedule_row(t.number, t.responsible, t.schedule) for t in spec.tasks] == EXPECTED_SCHEDULE


def test_seed_text_imports_to_the_same_plan_as_the_data_file(seed_text: str) -> None:
    from_text, from_data = parse_text(seed_text), read_plan(BUNDLED_PLAN)
    assert _task_facts(from_text) == _task_facts(from_data)
    assert (from_text.commune, from_text.year, from_text.decision) == (from_data.commune, from_data.year, from_data.decision)
    assert from_text.sections == from_data.sections


def test_appendix_has_every_task_verbatim(seed_text: str) -> None:
    spec = parse_text(seed_text)
    appendix = [t.number for t in spec.tasks if t.source == "appendix"]
    assert appendix == [str(n) for n in range(1, 24)] + ["24.1", "24.2"] + [str(n) for n in range(25, 36)]
    task = {t.number: t for t in spec.tasks}
    # rows continued across a page break are joined; sub-items keep their heading
    assert task["24.1"].group == "Tổ chức sắp xếp, kiện toàn các cơ quan trong bộ máy hành chính nhà nước"
    assert task["26"].content.endswith("theo hướng dẫn chủ, công khai, minh bach, lượng hóa các tiêu chí đánh giá "
                                       "dựa trên kết quả thực hiện nhiệm vụ và gắn với vị trí việc làm, thông qua "
                                       "công việc, sản phẩm cụ thể.")
    assert task["28"].coordinators_text.endswith("pháp luật về hội đang quản lý, sử dụng tài sản công")
    assert task["5"].leads == ("snv", "syt", "sgddt") and task["5"].responsible == "vhxh"
    assert task["17"].time_expression == "Quý I năm 2026" and task["17"].product == "Kế hoạch"
    assert spec.sections["VII"] == "Xây dựng Chính quyền điện tử, Chính quyền số"


def test_body_duties_come_from_part_iv(seed_text: str) -> None:
    spec = parse_text(seed_text)
    duties = {t.number: t for t in spec.tasks if t.source != "appendix"}
    assert sorted(duties) == sorted(["BC-vp", "BC-kt", "BC-hcc", "BC-dvsn", "KH-vp", "KH-kt", "KH-hcc",
                                     "KH-dvsn", "KP-kt"])
    assert duties["BC-hcc"].source == "IV.1.c" and duties["KP-kt"].source == "IV.2.c"
    assert duties["KP-kt"].time_expression == "Quý I/2026"


def test_docx_table_reads_like_the_text(tmp_path: Path, seed_text: str) -> None:
    import docx
    document = docx.Document()
    lines = seed_text.splitlines()
    table = None
    for line in lines:
        if "\t" not in line:
            document.add_paragraph(line)
            continue
        cells = line.split("\t")
        if table is None:
            table = document.add_table(rows=0, cols=6)
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=False):
            cell.text = text
    path = tmp_path / "ke-hoach.docx"
    document.save(str(path))
    assert _task_facts(read_plan(path)) == _task_facts(read_plan(BUNDLED_PLAN))


def test_data_file_round_trips(tmp_path: Path) -> None:
    spec = read_plan(BUNDLED_PLAN)
    again = tmp_path / "again.yaml"
    again.write_text(datafile.dump(spec), encoding="utf-8")
    assert _task_facts(read_plan(again)) == _task_facts(spec)


@pytest.mark.parametrize(
    ("bad_line", "row_hint"),
    [
        ("17\tXây dựng Kế hoạch\tPhòng Không Tồn Tại\tCác phòng\tQuý I/2026\tKế hoạch", "không biết đơn vị"),
        ("17\tXây dựng Kế hoạch\tTrung tâm Phục vụ hành chính công\tCác phòng\tsớm nhất có thể\tKế hoạch",
         "Không hiểu thời hạn"),
        ("17\t\tTrung tâm Phục vụ hành chính công\tCác phòng\tQuý I/2026\tKế hoạch", "Nội dung công việc"),
        ("A7\tXây dựng Kế hoạch\tTrung tâm Phục vụ hành chính công\tCác phòng\tQuý I/2026\tKế hoạch", "TT"),
        ("một dòng không có cột nào", "Tab"),
    ],
)
def test_a_malformed_row_is_refused_with_its_row_number(seed_text: str, bad_line: str, row_hint: str) -> None:
    lines = seed_text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("17\t"))
    lines[index] = bad_line
    with pytest.raises(PlanError) as refused:
        parse_text("\n".join(lines))
    [error] = refused.value.errors
    assert error.row == index + 1
    assert row_hint in str(error)
    assert str(error).startswith(f"Dòng {index + 1}")


def test_a_bad_task_in_the_data_file_names_its_line(tmp_path: Path) -> None:
    text = BUNDLED_PLAN.read_text(encoding="utf-8").replace("time: Quý I năm 2026", "time: hôm nào rảnh")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        read_plan(path)
    [error] = refused.value.errors
    assert error.task == "17"
    assert text.splitlines()[error.row - 1].lstrip().startswith("- tt:")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Phòng Văn hóa – Xã hội", "vhxh"),
        ("Phòng Văn hoá- Xã hội", "vhxh"),
        ("Phòng Văn hóa – Xã hội xã", "vhxh"),
        ("Phòng Văn hóa – Xã hội xã xã", "vhxh"),
        (unicodedata.normalize("NFD", "Phòng Văn hóa - Xã hội"), "vhxh"),
        ("PHÒNG KINH TẾ XÃ", "kt"),
        ("Văn phòng HĐND và UBND xã", "vp"),
        ("Trung tâm Phục vụ hành chính công", "hcc"),
        ("Trung tâm Dịch vụ Sự nghiệp công", "dvsn"),
        ("Sở GD&ĐT", "sgddt"),
        ("hcc", "hcc"),
    ],
)
def test_unit_names_match_however_written(written: str, code: str) -> None:
    directory = UnitDirectory(STANDARD_UNITS)
    assert directory.find(written).code == code


def test_generic_coordinators_mean_every_other_commune_unit() -> None:
    directory = UnitDirectory(STANDARD_UNITS)
    leads = resolve_lead("Trung tâm Phục vụ hành chính công", directory)
    coordinators = resolve_coordinators("Các cơ quan, chuyên môn, đơn vị liên quan", directory, leads)
    assert [u.code for u in coordinators] == ["vhxh", "vp", "kt", "dvsn"]
    with pytest.raises(UnitNotFound):
        resolve_lead("Phòng Tư pháp", directory)
