"""Plan files -> PlanSpec: text, .docx, .pdf (plan_data.readers.formats) or the editable data file (YAML).

Reading is pure and tolerant: a plan imports when a table or list of tasks is found in it. What is uncertain
in one cell never blocks the others and is never guessed (plan_data.readers.tasks): it becomes a warning that names
its row and column (`PlanSpec.warnings`), and a unit nobody knows is proposed (`UnitSpec.proposed`). Only what
makes a plan unusable refuses it with PlanError: no table or list of tasks, a file that is not a plan or
cannot be opened, a hostile one, values the database cannot hold. Nothing is written anywhere. Loading into
the database is storage.loader's job; `check_for_storage` refuses here what the database would refuse there,
so that `plan check` and `plan import` agree.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from plan_data.folding import clean
from plan_data.model import PlanError, PlanSpec, RowError, TaskSpec, check_for_storage
from plan_data.readers import datafile
from plan_data.readers.columns import Columns
from plan_data.readers.duties import body_duties
from plan_data.readers.formats import Source, from_rows, read_docx, read_pdf, read_text
from plan_data.readers.identity import About, about
from plan_data.readers.numbering import assign_ids, duplicates, numbering_gaps
from plan_data.readers.rows import RawItem, gather, trackable
from plan_data.readers.tasks import build_task
from plan_data.units.cells import Level
from plan_data.units.codes import ROLES, plan_units
from plan_data.units.spec import UnitDirectory, UnitSpec

BUNDLED_PLAN = Path(__file__).parents[1] / "nam_an_phu_2026.yaml"
BUNDLED_TEXT = Path(__file__).parents[1] / "nam_an_phu_2026.txt"

__all__ = ["BUNDLED_PLAN", "BUNDLED_TEXT", "ROLES", "parse_source", "parse_text", "read_plan"]


MAX_TEXT_BYTES = 5_000_000  # a .txt or .yaml plan is tens of KB
MAX_DOCUMENT_BYTES = 30_000_000  # a .docx or .pdf with a scanned signature page is a few MB


def read_plan(path: str | Path, *, name: str = "", year: int | None = None,
              units: tuple[UnitSpec, ...] = (), level: str | None = None) -> PlanSpec:
    """Reads a plan in any supported form, chosen by the file's extension. `name` and `year` stand in for
    what the document does not state; `units` pins unit codes (a units file, a data file's units, or the units
    of the plan in use that this file updates), `level` who issued it when that plan is known."""
    path = Path(path)
    if not path.is_file():  # said by the caller as the system puts it (no such file, a folder), not as a
        path.open("rb").close()  # .docx or .pdf reader would ("Package not found at …")
    suffix = path.suffix.lower()
    limit = MAX_DOCUMENT_BYTES if suffix in (".docx", ".pdf") else MAX_TEXT_BYTES
    if path.is_file() and path.stat().st_size > limit:
        raise PlanError([RowError(0, "", f"tệp dài {path.stat().st_size // 1_000_000} MB, quá {limit // 1_000_000} MB: "
                                         "một kế hoạch chỉ vài trăm KB; kiểm tra lại có đúng tệp không")])
    given = {"name": name or path.stem, "year": year, "units": units, "level": level}
    if suffix == ".docx":
        return parse_source(read_docx(path), **given)
    if suffix == ".pdf":
        return parse_source(read_pdf(path), **given)
    try:
        # NUL, control characters, U+FFFE: invisible, and what PostgreSQL and office files refuse
        text = clean(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    except UnicodeDecodeError:
        raise PlanError([RowError(0, "", "tệp không phải văn bản UTF-8; lưu lại dạng .txt (UTF-8), .docx hoặc .yaml")]
                        ) from None
    if suffix in (".yaml", ".yml"):
        spec = datafile.parse(text)
        return check_for_storage(replace(spec, year=year or spec.year) if year and year != spec.year else spec)
    return parse_source(read_text(text), **given)


def parse_text(text: str, **given) -> PlanSpec:
    """The plan as published in text: its body, then the appendix table with tab-separated cells."""
    return parse_source(read_text(text), **given)


def parse_appendix(body: str, rows: list[tuple[int, list[str]]], errors: list[RowError] | None = None,
                   **given) -> PlanSpec:
    return parse_source(from_rows(body, rows, errors), **given)


def parse_source(source: Source, *, name: str = "", year: int | None = None,
                 units: tuple[UnitSpec, ...] = (), level: str | None = None) -> PlanSpec:
    """Body and table rows -> PlanSpec, with a warning for every row read with something left open; PlanError
    only for what makes the plan unusable."""
    described = about(source.body)
    if level and not described.name:  # a file that does not say who issued it updates a plan that does
        described = replace(described, level=Level(level), commune_plan=level == Level.COMMUNE.value)
    plan_year = year or described.year
    if plan_year is None:
        raise PlanError([RowError(0, "", "văn bản không ghi năm của kế hoạch (ở tên kế hoạch, dòng «…, ngày … tháng "
                                         "… năm …» hay số văn bản): cho biết bằng --year NĂM")])
    if source.errors:
        raise PlanError(source.errors)
    columns = source.columns or Columns({})
    items, sections, gathered = gather(source.rows, columns, lines=source.lines, page_starts=source.page_starts)
    if not items:
        raise PlanError([RowError(0, "", "bảng nhiệm vụ không có dòng nhiệm vụ nào")])
    if twice := duplicates([(i.row, i.number, i.section) for i in items]):
        raise PlanError([RowError(second, number, f"số thứ tự {number} đã dùng ở dòng {first}, cùng mục: mỗi nhiệm "
                                                  "vụ cần một số riêng; sửa một trong hai rồi nạp lại")
                         for first, second, number in twice])
    directory, notes = _directory(described, items, list(sections.values()), source.body, units)
    tasks, task_warnings, id_notes = build_tasks(items, directory, plan_year)
    if not tasks:
        raise PlanError(sorted(gathered + task_warnings, key=lambda e: e.row) or [RowError(0, "", "không có nhiệm vụ")])
    duties = body_duties(source.body, directory, plan_year)[0] if described.commune_plan else []
    if "lead" not in columns.index and source.form == "table" and directory.focal() is not None:
        notes.append(f"bảng không có cột cơ quan chủ trì: mọi nhiệm vụ giao đầu mối ({directory.focal().name}) theo dõi")
    spec = PlanSpec(
        commune=described.name or name, year=plan_year, title=described.title, units=directory.units,
        tasks=tuple(tasks + duties), sections=sections, province=described.province, decision=described.decision,
        level=described.level.value, issuer=described.issuer,
        notes=tuple(n for n in (*notes, *id_notes) if n) + _missing_notes(described, name, year),
        warnings=tuple(sorted([*source.warnings, *gathered, *task_warnings], key=lambda e: e.row)),
        named=bool(described.name),
    )
    return check_for_storage(spec)


def _missing_notes(described: About, name: str, year: int | None) -> tuple[str, ...]:
    notes = []
    if not described.name:
        notes.append(f"văn bản không ghi tên cơ quan ban hành: kế hoạch mang tên «{name}» (đổi bằng --commune)")
    if described.year is None:
        notes.append(f"văn bản không ghi năm: năm kế hoạch {year} (theo --year)")
    return tuple(notes)


def build_tasks(items: list[RawItem], directory: UnitDirectory, year: int
                ) -> tuple[list[TaskSpec], list[RowError], list[str]]:
    """Understands each raw task; what is left open in a row becomes a warning naming the row and the column."""
    tracked = trackable(items)
    ids, note = assign_ids([(raw.number, raw.section, raw.roman) for raw, _group in tracked])
    gaps = numbering_gaps([(item.row, item.number, item.section) for item in items])
    tasks: list[TaskSpec] = []
    warnings: list[RowError] = []
    for (raw, group), task_id in zip(tracked, ids, strict=True):
        built = build_task(raw, directory, year, group=group, number=task_id)
        warnings += [RowError(raw.row, task_id, message) for message in built.warnings]
        if built.task is not None:
            tasks.append(built.task)
    return tasks, warnings, [note, *gaps]


def _directory(described: About, items: list[RawItem], section_titles: list[str], body: str,
               pinned: tuple[UnitSpec, ...]) -> tuple[UnitDirectory, list[str]]:
    """The plan's units (plan_data.units.codes): pinned, standard, the catalogue's, and the ones proposed."""
    cells = [(raw.cells[1], raw.cells[2]) for raw, _g in trackable(items)]
    found = plan_units(cells, described.level, pinned, body, section_titles, described.issuer)
    return found.directory, list(found.notes)
