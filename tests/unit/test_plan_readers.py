"""Reading plans: the seed's text, a .docx and the data file give the same plan; bad rows are named."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import schedule_row
from plan_data.model import PlanError
from plan_data.readers import datafile
from plan_data.readers.importer import BUNDLED_PLAN, BUNDLED_TEXT, parse_text, read_plan
from plan_data.units.spec import (
    STANDARD_UNITS,
    UnitDirectory,
    UnitNotFound,
    resolve_coordinators,
    resolve_lead,
)
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
    ("bad_line", "row_hint", "task_17"),
    [  # each costs at most its own row, and a warning names that row and what was done with it
        ("17\tXây dựng Kế hoạch\tTrung tâm Phục vụ hành chính công\tCác phòng\tsớm nhất có thể\tKế hoạch",
         "chưa hiểu «sớm nhất có thể»", "undated"),
        ("17\t\tTrung tâm Phục vụ hành chính công\tCác phòng\tQuý I/2026\tKế hoạch", "không có nội dung", None),
        ("A7\tXây dựng Kế hoạch\tTrung tâm Phục vụ hành chính công\tCác phòng\tQuý I/2026\tKế hoạch",
         "cột TT «A7» không phải số thứ tự: coi là số 17", "window"),
        ("Một dòng gõ không có cột nào", "không chia cột", None),
    ],
)
def test_a_malformed_row_costs_only_itself_and_is_named(seed_text: str, bad_line: str, row_hint: str,
                                                        task_17: str | None) -> None:
    lines = seed_text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("17\t"))
    lines[index] = bad_line
    spec = parse_text("\n".join(lines))
    [warning] = [w for w in spec.warnings if w.row == index + 1]
    assert row_hint in str(warning) and str(warning).startswith(f"Dòng {index + 1}")
    tasks = {t.number: t for t in spec.tasks}
    assert (tasks["17"].schedule.kind.value if "17" in tasks else None) == task_17
    assert len(spec.tasks) == len(parse_text(seed_text).tasks) - (task_17 is None)


def test_a_unit_nobody_knows_is_proposed_not_refused(seed_text: str) -> None:
    lines = seed_text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("17\t"))
    lines[index] = "17\tXây dựng Kế hoạch\tPhòng Không Tồn Tại\tCác phòng\tQuý I/2026\tKế hoạch"
    spec = parse_text("\n".join(lines))
    [proposed] = [u for u in spec.units if u.proposed]
    assert proposed.name == "Phòng Không Tồn Tại"
    assert next(t for t in spec.tasks if t.number == "17").leads == (proposed.code,)


def test_a_time_the_data_file_cannot_read_is_a_warning_on_its_line(tmp_path: Path) -> None:
    text = BUNDLED_PLAN.read_text(encoding="utf-8").replace("time: Quý I năm 2026", "time: hôm nào rảnh")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    spec = read_plan(path)
    [warning] = spec.warnings
    assert warning.task == "17" and "chưa hiểu «hôm nào rảnh»" in warning.message
    assert text.splitlines()[warning.row - 1].lstrip().startswith("- tt:")
    assert next(t for t in spec.tasks if t.number == "17").undated


def test_a_unit_the_data_file_does_not_list_refuses_it_on_its_line(tmp_path: Path) -> None:
    """The data file is the reviewed plan: a lead it does not list is a mistake in it, named by its line."""
    text = BUNDLED_PLAN.read_text(encoding="utf-8").replace("lead: Trung tâm Phục vụ hành chính công\n",
                                                            "lead: Phòng Không Tồn Tại\n", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        read_plan(path)
    [error] = refused.value.errors
    assert "không biết đơn vị «Phòng Không Tồn Tại»" in error.message
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


def test_a_row_the_page_break_cut_goes_on_and_a_sub_row_of_its_own_does_not() -> None:
    """At the top of a PDF page an unnumbered row carries on the row the page cut (its cells continue in lower
    case, or it has no lead and time of its own); a row with its own lead and time is a sub-row."""
    from plan_data.readers.columns import SEED
    from plan_data.readers.rows import gather

    rows = [(1, ["1", "Rà soát các thủ tục hành chính nội bộ", "Văn phòng HĐND và UBND xã", "", "Quý II/", ""]),
            (2, ["", "giữa các cơ quan hành chính nhà nước", "", "", "2026", "Báo cáo"]),
            (3, ["2", "Kiểm tra công vụ", "Phòng Văn hóa - Xã hội", "", "Quý III/2026", ""]),
            (4, ["", "Kiểm tra đột xuất", "Phòng Kinh tế", "", "Quý IV/2026", ""])]
    items, _sections, warnings = gather(rows, SEED, page_starts=frozenset({2, 4}))
    first, second = items
    assert first.cells[0] == "Rà soát các thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước"
    assert first.cells[3] == "Quý II/ 2026" and first.cells[4] == "Báo cáo"
    assert [i.cells[1] for i in second.items] == ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế"] and not warnings


def _split_at_each_space(header: str) -> list[tuple[str, str]]:
    words = header.split()
    return [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]


TWO_COLUMN_HEADERS = [(time, content) for time in ("Thời gian thực hiện", "Thời gian hoàn thành")
                      for content in ("Tên nhiệm vụ", "Nội dung công việc", "Nhiệm vụ cụ thể")]


@pytest.mark.parametrize(("time", "content"), TWO_COLUMN_HEADERS)
@pytest.mark.parametrize("time_first", [True, False])
def test_a_two_column_header_broken_over_two_rows_is_read_joined(time: str, content: str, time_first: bool) -> None:
    """A table of just a time and the work, whose headers wrap onto a second row at any word («Tên nhiệm» over
    «vụ»): the rows joined name both columns, as a wider table's do. Found by the plan generator."""
    splits = [(time, "", *parts) for parts in _split_at_each_space(content)]
    splits += [(*parts, content, "") for parts in _split_at_each_space(time)]
    for time_top, time_below, content_top, content_below in splits:
        top, below = ((time_top, content_top), (time_below, content_below)) if time_first else (
            (content_top, time_top), (content_below, time_below))
        row = ("Quý I/2026", "Rà soát quy trình nội bộ") if time_first else ("Rà soát quy trình nội bộ", "Quý I/2026")
        text = ("ỦY BAN NHÂN DÂN\nXÃ AN HÒA\n\nKẾ HOẠCH\nCải cách hành chính năm 2026\n\n"
                + "\t".join(top) + "\n" + "\t".join(below) + "\n" + "\t".join(row) + "\n")
        [task] = parse_text(text).tasks
        assert (task.content, task.time_expression) == ("Rà soát quy trình nội bộ", "Quý I/2026"), (top, below)


WRAPPED_HEADS = {"content": ("Nội dung công việc", "Tên nhiệm vụ", "Nội dung"),
                 "lead": ("Cơ quan chủ trì", "Đơn vị thực hiện", "CƠ QUAN CHỦ TRÌ"),
                 "time": ("Thời gian thực hiện", "Thời hạn", "THỜI GIAN")}
PLAIN_HEADS = {"number": "TT", "content": "Nội dung", "lead": "Chủ trì", "time": "Thời gian"}
HEADER_TASKS = [("Rà soát quy trình nội bộ", "Phòng Văn hóa - Xã hội", "Trước ngày 20/12/2026"),
                ("Đánh giá mức độ hài lòng", "Văn phòng HĐND và UBND xã", "Quý II/2026"),
                ("Số hóa hồ sơ", "Phòng Kinh tế", "Tháng 9/2026"),
                ("Tập huấn kỹ năng số", "Trung tâm Phục vụ hành chính công", "Quý IV/2026")]
PLACEMENTS = ("new table", "new table, first on one row", "page break", "header alone")
BODY = "ỦY BAN NHÂN DÂN\nXÃ AN HÒA\n\nKẾ HOẠCH\nCải cách hành chính năm 2026"


def _wrapped_header(order: list[str], wrapped: str, top: str, below: str, form: str) -> list[list[str]]:
    """The header's two rows: the wrapped name's words on both; beside it, a cell merged down is empty on the
    second row in a PDF and repeats its text in a .docx."""
    first = [top if f == wrapped else PLAIN_HEADS[f] for f in order]
    return [first, [below if f == wrapped else ("" if form == "pdf" else text)
                    for f, text in zip(order, first, strict=True)]]


def _placed(header: list[list[str]], tasks: list[list[str]], placement: str) -> tuple[list[list[str]], set, set]:
    """Rows with the header printed again where a table puts it: a new table after a heading line (under a
    first table whose header is the same, or on one row), the top of a PDF page, or after a table of the
    header alone. Returns the rows, the text lines and the page starts."""
    if placement.startswith("new table"):
        first = [[f"{a} {b}".strip() if a != b else a for a, b in zip(*header, strict=True)]] \
            if placement.endswith("one row") else header
        return [*first, *tasks[:2], ["II. Chính quyền số"], *header, *tasks[2:]], {len(first) + 3}, set()
    if placement == "page break":
        return [*header, *tasks[:2], *header, *tasks[2:]], set(), {len(header) + 3}
    return [*header, ["I. Cải cách thể chế"], *header, *tasks], {len(header) + 1}, set()


def _read_rows(rows: list[list[str]], lines: set, starts: set):
    from plan_data.readers.formats import from_rows
    from plan_data.readers.importer import parse_source

    spec = parse_source(from_rows(BODY, list(enumerate(rows, start=1)), lines=frozenset(lines),
                                  page_starts=frozenset(starts)))
    names = {u.code: u.name for u in spec.units}
    return [(t.number, t.content, names[t.leads[0]] if t.leads else None, t.time_expression) for t in spec.tasks], spec


def test_a_header_wrapped_over_two_rows_is_a_header_wherever_it_is_printed_again() -> None:
    """A header whose name wraps onto a second row at any word («Cơ quan chủ» over «trì»), printed again at a
    page break, over a new table after a heading, or after a table of the header alone, with or without a TT
    column, the wrapped column in any place: never a task, and the tasks below it keep their leads and times.
    Found by the plan generator (a PDF's second table read its header as task 1, «trì» going on in its lead)."""
    expected = [(str(n), *task) for n, task in enumerate(HEADER_TASKS, start=1)]
    for (wrapped, names), numbered, form, placement in itertools.product(
            WRAPPED_HEADS.items(), (True, False), ("pdf", "docx"), PLACEMENTS):
        for turn, (top, below) in enumerate(part for name in names for part in _split_at_each_space(name)):
            order = ["content", "lead", "time"]
            order = ["number"] * numbered + order[turn % 3:] + order[: turn % 3]
            tasks = [[dict(zip(("number", "content", "lead", "time"), (str(n), *task), strict=True))[f] for f in order]
                     for n, task in enumerate(HEADER_TASKS, start=1)]
            read, spec = _read_rows(*_placed(_wrapped_header(order, wrapped, top, below, form), tasks, placement))
            assert read == expected, (order, top, below, form, placement)
            assert not spec.warnings, (order, top, below, form, placement, spec.warnings)


@pytest.mark.parametrize(("column", "top", "rest"), [(1, "Rà soát quy trình", "nội bộ"),
                                                   (2, "Phòng Văn hóa -", "Xã hội"),
                                                   (2, "Phòng Văn hóa - Xã", "hội"),
                                                   (3, "Trước ngày 20/12/", "2026")])
def test_under_a_header_repeated_at_a_page_break_the_row_the_break_cut_goes_on(column: int, top: str,
                                                                              rest: str) -> None:
    """Word repeats a one-row header at the top of each page, and a row the page cut goes on under it in a word
    or two («nội bộ», «hội»): they end the task above, never taken for the header's second row and lost."""
    header = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]
    whole = ["1", "Rà soát quy trình nội bộ", "Phòng Văn hóa - Xã hội", "Trước ngày 20/12/2026"]
    cut, goes_on = list(whole), ["", "", "", ""]
    cut[column], goes_on[column] = top, rest
    rows = [header, cut, header, goes_on, ["2", "Số hóa hồ sơ", "Phòng Kinh tế", "Tháng 9/2026"]]
    read, spec = _read_rows(rows, set(), {3})  # the header printed again opens page 2
    assert [r[:3] for r in read] == [tuple(whole[:3]), ("2", "Số hóa hồ sơ", "Phòng Kinh tế")], read
    assert spec.tasks[0].schedule.due == (date(2026, 12, 19),) and not spec.warnings, spec.warnings
