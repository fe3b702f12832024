"""Any published plan: composed appendices in every shape of the corpus, as text, .docx and a text .pdf."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plan_data
from plan_data.model import LIMITS, PlanError
from plan_data.readers.columns import read_header
from plan_data.readers.importer import parse_text, read_plan
from plan_data.units.cells import Level, is_collective, kind_for, split_names, unit_code
from plan_data.units.spec import UnitKind
from tests.support.composed_plans import SHAPES, TITLE, WRITERS, Composed, read_facts, write_scan, write_text

FORMS = sorted(WRITERS)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("composed")
    return {(plan.name, form): WRITERS[form](plan, folder / f"{plan.name}.{form}") for plan in SHAPES for form in FORMS}


def _lead_names(spec) -> list[str | None]:
    names = {u.code: u.name for u in spec.units}
    return [names[t.leads[0]] if t.leads else None for t in spec.tasks]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("plan", SHAPES, ids=lambda p: p.name)
def test_every_shape_reads_the_same_in_every_form(plan: Composed, form: str, written) -> None:
    spec = read_plan(written[plan.name, form])
    assert len(spec.tasks) == plan.tasks
    assert _lead_names(spec) == plan.leads
    assert [t.section for t in spec.tasks] == plan.sections
    assert len({t.number for t in spec.tasks}) == len(spec.tasks)
    assert (spec.year, spec.commune, spec.level) == (2026, "tỉnh Bắc Sơn", "province")


@pytest.mark.parametrize("plan", SHAPES, ids=lambda p: p.name)
def test_the_exported_data_file_reads_as_the_published_plan(plan: Composed, written, tmp_path: Path) -> None:
    from plan_data.readers import datafile

    published = read_plan(written[plan.name, "docx"])
    data = tmp_path / "plan.yaml"
    data.write_text(datafile.dump(published), encoding="utf-8")
    again = read_plan(data)
    assert read_facts(again) == read_facts(published)
    assert [(u.code, u.kind, u.focal) for u in again.units] == [(u.code, u.kind, u.focal) for u in published.units]
    assert (again.commune, again.year, again.level) == (published.commune, published.year, published.level)


def test_numbers_restarting_in_each_section_get_section_ids_and_keep_their_own(written) -> None:
    spec = read_plan(written["restarting", "txt"])
    assert [(t.number, t.shown or t.number) for t in spec.tasks] == [
        ("I.1", "1"), ("I.2", "2"), ("II.1", "1"), ("II.2", "2"), ("II.3", "3")]
    assert any("số mục La Mã" in note for note in spec.notes)


def test_super_sections_and_sub_sections_keep_their_titles(written) -> None:
    spec = read_plan(written["dotted", "txt"])
    assert spec.sections == {"A": "NỀN TẢNG", "B": "ỨNG DỤNG", "A.I": "Thể chế", "A.II": "Dữ liệu", "A.II.1": "Dữ liệu chuyên ngành", "B.I": "Dịch vụ công"}
    assert [t.shown for t in spec.tasks] == ["1.1", "1.2", "2.1", "1.1"]  # 1.1 twice: ids run 1, 2, 3, 4


def test_the_product_column_is_never_read_as_a_time(written) -> None:
    """«Kết quả» comes before «Thời gian» and says "liên tục, thường xuyên": the time is the quarter range."""
    task = read_plan(written["dotted", "txt"]).tasks[3]
    assert task.product.startswith("Hình thành cơ chế giám sát liên tục")
    assert (task.schedule.kind.value, task.schedule.start.isoformat(), [d.isoformat() for d in task.schedule.due]) == (
        "window", "2026-10-01", ["2027-06-30"])


def test_added_columns_are_kept_as_extra_fields(written) -> None:
    assert read_plan(written["dotted", "docx"]).tasks[1].extra == (("Ghi chú", "Ưu tiên"),)


@pytest.mark.parametrize("form", FORMS)
def test_an_unnumbered_sub_row_is_its_own_task_taking_the_merged_cells(form: str, written) -> None:
    first, second = read_plan(written["merged", form]).tasks[:2]
    assert (first.content, second.content) == ("Xây dựng hạ tầng dự phòng", "Sao lưu dữ liệu định kỳ")
    assert second.lead_text == "Sở Khoa học và Công nghệ"  # its own, not glued onto the first
    assert second.time_expression == "Quý IV/2026" and second.group == "Xây dựng hạ tầng dự phòng"


def test_prose_list_takes_its_heading_as_lead_and_its_label_as_time(written) -> None:
    spec = read_plan(written["prose", "txt"])
    assert [t.time_expression for t in spec.tasks] == [
        "Tháng 3/2026", "Trước ngày 31/5/2026", "Từ tháng 4/2026 đến khi kết thúc kiểm kê", "Quý III/2026"]
    assert spec.tasks[1].content == "Tổng hợp kết quả kiểm kê, báo cáo Ủy ban nhân dân tỉnh"
    focal = next(u for u in spec.units if u.focal)
    assert focal.name == "Sở Tài chính" and spec.tasks[2].responsible == focal.code  # the communes' task


def test_a_scanned_pdf_is_refused_with_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as refused:
        read_plan(write_scan(tmp_path / "scan.pdf"))
    assert "không có lớp chữ" in str(refused.value) and "scan" in str(refused.value)


def test_a_header_it_cannot_match_says_what_it_found_and_what_it_expects() -> None:
    columns, _used, problem = read_header(["STT", "Việc", "Người làm", "Hạn"])
    assert columns is None
    assert "Thấy: «STT», «Việc», «Người làm», «Hạn»" in problem and "Nội dung" in problem


def test_every_open_point_of_a_row_is_a_warning_with_its_column_and_cell() -> None:
    lines = TITLE + ["TT\tNội dung\tCơ quan chủ trì\tThời gian",
                     "I. Mục một\t\t\t",
                     "1\tViệc một\tSở Tài chính\thôm nào rảnh",
                     "2\t\t\tQuý I/2026",
                     "3\tViệc ba\tSở Tài chính\tQuý II/2026"]
    spec = parse_text("\n".join(lines))
    messages = [(e.row, e.message) for e in spec.warnings]
    assert any(row == 11 and "«Thời gian»" in m and "hôm nào rảnh" in m for row, m in messages)
    assert any(row == 12 and "không có nội dung" in m for row, m in messages)
    assert [t.number for t in spec.tasks] == ["1", "3"] and spec.tasks[0].undated


def test_a_table_with_no_lead_column_gives_every_task_to_the_focal_point() -> None:
    lines = TITLE + ["1.1. Sở Tài chính - Cơ quan thường trực", "", "TT\tNội dung\tThời gian\tSản phẩm",
                     "1\tViệc một\tQuý I/2026\tBáo cáo", "2\tViệc hai\tQuý II/2026\tKế hoạch"]
    spec = parse_text("\n".join(lines))
    focal = next(u for u in spec.units if u.focal)
    assert [t.responsible for t in spec.tasks] == [focal.code, focal.code]
    assert any("không có cột cơ quan chủ trì" in note for note in spec.notes)


def test_a_plan_with_no_year_asks_for_one() -> None:
    lines = ["KẾ HOẠCH", "", "TT\tNội dung\tCơ quan chủ trì\tThời gian", "1\tViệc\tSở Tài chính\tQuý I/2026"]
    with pytest.raises(PlanError, match="--year"):
        parse_text("\n".join(lines))
    assert parse_text("\n".join(lines), year=2026, name="thử").commune == "thử"


# ---------------------------------------------------------------- unit names


@pytest.mark.parametrize(
    ("cell", "names", "collective"),
    [
        ("Sở Tài chính", ["Sở Tài chính"], False),
        ("Sở Khoa học và Công nghệ, Sở Công Thương", ["Sở Khoa học và Công nghệ", "Sở Công Thương"], False),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], False),
        ("Sở Tài chính; Sở Nội vụ/Công an tỉnh", ["Sở Tài chính", "Sở Nội vụ", "Công an tỉnh"], False),
        ("- Bộ Xây dựng;\n- Bộ Công Thương;", ["Bộ Xây dựng", "Bộ Công Thương"], False),
        ("Sở Tài chính và cơ quan, địa phương liên quan", ["Sở Tài chính"], True),
        ("Sở Tài chính Các sở, ngành, UBND xã, phường", ["Sở Tài chính"], True),
        ("Các sở, ban, ngành; UBND các phường, xã", [], True),
        ("Các phòng chuyên môn", [], True),
        ("Các cơ quan, đơn vị liên quan", [], True),
        ("UBND các xã, phường", [], True),
        ("Văn phòng HĐND và UBND xã", ["Văn phòng HĐND và UBND xã"], False),
        ("Văn phòng UBND tỉnh", ["Văn phòng UBND tỉnh"], False),
        ("Bộ Công an (Trung tâm Dữ liệu quốc gia)", ["Bộ Công an"], False),
        ("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo", ["Sở Tài chính"], True),
    ],
)
def test_a_cell_lists_units_however_it_separates_them(cell: str, names: list[str], collective: bool) -> None:
    assert split_names(cell) == (names, collective)


@pytest.mark.parametrize("phrase", ["Các sở, ban, ngành", "Các phòng chuyên môn", "UBND các xã, phường",
                                    "Các cơ quan, đơn vị liên quan", "Sở, ban, ngành có liên quan", "Viện, Trường"])
def test_collective_phrases_are_not_units(phrase: str) -> None:
    assert is_collective(phrase) or split_names(phrase) == ([], True)


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [("Sở Tài chính", Level.COMMUNE, UnitKind.EXTERNAL), ("Sở Tài chính", Level.PROVINCE, UnitKind.INTERNAL),
     ("UBND tỉnh", Level.COMMUNE, UnitKind.EXTERNAL), ("Bộ Nội vụ", Level.PROVINCE, UnitKind.EXTERNAL),
     ("Bộ CHQS tỉnh", Level.PROVINCE, UnitKind.INTERNAL), ("Bộ Nội vụ", Level.NATION, UnitKind.INTERNAL),
     ("Công an xã", Level.COMMUNE, UnitKind.INTERNAL)],
)
def test_outside_the_issuer_depends_on_its_level(name: str, level: Level, kind: UnitKind) -> None:
    assert kind_for(name, level) is kind


@pytest.mark.parametrize(("name", "code"), [("Sở Tài chính", "stc"), ("Sở Khoa học và Công nghệ", "skhcn"),
                                            ("Sở KH&CN", "skhcn"), ("Công an tỉnh", "cat"), ("Bộ CHQS tỉnh", "bchqst")])
def test_unit_codes_are_short_initials(name: str, code: str) -> None:
    assert unit_code(name, set()) == code


def test_unit_codes_stay_unique() -> None:
    taken: set[str] = set()
    assert [unit_code(n, taken) for n in ("Sở Nội vụ", "Sở Ngoại vụ", "Sở Nông vụ")] == ["snv", "snv2", "snv3"]


def test_a_commune_plan_proposes_a_phong_it_does_not_have(tmp_path: Path) -> None:
    """A commune has its standard bodies: an unknown "Phòng …" may be a typo or a new body; a person decides
    (`plan import --accept-units`, or the reviewed data file), the import never just makes it."""
    from plan_data.readers.importer import BUNDLED_TEXT

    text = BUNDLED_TEXT.read_text(encoding="utf-8").replace("\tPhòng Kinh tế xã\t", "\tPhòng Kinh doanh xã\t", 1)
    [proposed] = [u for u in parse_text(text).units if u.proposed]
    assert proposed.name == "Phòng Kinh doanh xã"


def test_a_commune_plan_takes_new_units_from_its_cells() -> None:
    from plan_data.readers.importer import BUNDLED_TEXT

    text = BUNDLED_TEXT.read_text(encoding="utf-8").replace("\tPhòng Kinh tế xã\t", "\tCông an xã\t", 1)
    spec = parse_text(text)
    police = next(u for u in spec.units if u.name == "Công an xã")
    assert police.kind is UnitKind.INTERNAL and any(police.code in t.leads for t in spec.tasks)


# ---------------------------------------------------------------- properties

CELLS = st.sampled_from(["", "1", "2", "1.1", "I. Mục", "A. PHẦN", "III.1. Nhóm", "a)", "-", "- Ý con", "Sở Tài chính",
                         "Các sở, ngành", "Quý I/2026", "hôm nào", "Thường xuyên", "2026 - 2030", "TT", "Nội dung",
                         "Cơ quan chủ trì", "Thời gian", "x" * 300, "\u0301", "2.3.4.5.6", "Bộ Y tế; UBND các xã"])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=12), st.booleans())
def test_readers_raise_nothing_but_their_refusal(rows: list[list[str]], with_header: bool) -> None:
    header = ["TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\tSản phẩm"] if with_header else []
    text = "\n".join(TITLE + header + ["\t".join(r) for r in rows])
    try:
        spec = parse_text(text)
    except PlanError as refused:
        assert refused.errors
        return
    assert len({t.number for t in spec.tasks}) == len(spec.tasks)
    assert all(len(t.section) <= LIMITS["section"] for t in spec.tasks)


@settings(max_examples=60, deadline=None)  # no timing assertions: speed lives in bench/
@given(st.text(max_size=400))
def test_any_text_file_is_read_or_refused(text: str) -> None:
    try:
        parse_text(text)
    except PlanError as refused:
        assert refused.errors


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([".txt", ".docx", ".pdf", ".yaml"]))
def test_any_bytes_in_any_form_are_read_or_refused(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        path.write_bytes(data)
        try:
            read_plan(path)
        except PlanError as refused:
            assert refused.errors


def test_write_text_helper_round_trips(tmp_path: Path) -> None:
    assert write_text(SHAPES[0], tmp_path / "p.txt").read_text(encoding="utf-8").count("\t") > 10


# ---------------------------------------------------------------- the floor


def test_plan_data_is_the_pure_floor() -> None:
    """It imports nothing of ours outside plan_data, no framework, and never reads the clock."""
    forbidden = {"bot", "jobs", "storage", "sqlalchemy", "telegram", "apscheduler", "os", "alembic"}
    modules = sorted(Path(plan_data.__file__).parent.rglob("*.py"))
    assert {m.parent.name for m in modules} >= {"plan_data", "grammar", "units", "readers"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not {n.split(".")[0] for n in names} & forbidden, (module.name, names)
        assert "now(" not in source and "today(" not in source, module.name


def test_storage_limits_are_the_database_columns() -> None:
    from storage.models import Occurrence, Plan, Task, Unit

    columns = {"commune": Plan.commune, "province": Plan.province, "unit_code": Unit.code, "unit_name": Unit.name,
               "number": Task.number, "section": Task.section, "source": Task.source, "label": Occurrence.label}
    assert {k: c.property.columns[0].type.length for k, c in columns.items()} == LIMITS


def test_numbers_going_back_inside_a_section_are_pointed_out() -> None:
    from plan_data.readers.numbering import numbering_gaps

    entries = [(10, "7", "II"), (11, "8", "II"), (12, "2", "II"), (13, "1", "III"), (14, "24.1", "III")]
    assert numbering_gaps(entries) == ["dòng 12: số thứ tự quay lại 2 sau 8 trong mục II; có thể thiếu một dòng "
                                       "tiêu đề mục"]


@pytest.mark.parametrize(
    ("entries", "ids"),
    [
        ([("1", "I", "I"), ("2", "I", "I"), ("24.1", "II", "II"), ("24.2", "II", "II")], ["1", "2", "24.1", "24.2"]),
        ([("1", "I", "I"), ("2", "I", "I"), ("1", "II", "II")], ["I.1", "I.2", "II.1"]),
        ([("1.1", "A.I", "I"), ("1.1", "B.I", "I")], ["A.I.1.1", "B.I.1.1"]),
        ([("5.1.1", "", ""), ("5.1.2", "", "")], ["5.1.1", "5.1.2"]),
        ([("1", "", ""), ("1", "", "")], ["1", "2"]),  # a copy that lost a heading: running numbers, with a note
    ],
)
def test_task_ids_are_what_the_chat_commands_read(entries, ids) -> None:
    from plan_data.readers.numbering import CHAT_ID, assign_ids

    assert assign_ids(entries)[0] == ids
    assert all(CHAT_ID.match(i) for i in ids)
