"""Plan files -> PlanSpec: the seed's tab-separated text, a .docx, or the editable data file (YAML).

Reading is pure: a file that has any row it cannot understand raises PlanError naming every such row,
and nothing is written anywhere. Loading into the database is storage.loader's job.
"""

from __future__ import annotations

import re
from pathlib import Path

from plan_data import datafile
from plan_data.duties import body_duties
from plan_data.model import PlanError, PlanSpec, RowError
from plan_data.rows import build_tasks, gather, is_header
from plan_data.units import STANDARD_UNITS, UnitDirectory

BUNDLED_PLAN = Path(__file__).with_name("nam_an_phu_2026.yaml")
BUNDLED_TEXT = Path(__file__).with_name("nam_an_phu_2026.txt")

_TITLE = re.compile(
    r"Kế hoạch\W+cải cách hành chính(?:\s+nhà nước)?\s+(?P<level>xã|phường|đặc khu)\s+(?P<commune>[^\n*]+?)\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_PROVINCE = re.compile(r"Ủy ban nhân dân (?:thành phố|tỉnh) (?P<name>(?:[A-ZĐÂ]\w*\s?){1,3})")
_DECISION = re.compile(r"\(Kèm theo (?P<decision>Quyết định số[^)]*)\)", re.IGNORECASE)


def read_plan(path: str | Path) -> PlanSpec:
    """Reads a plan in any supported form, chosen by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        body, rows = _docx_parts(path)
        return parse_appendix(body, rows)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError([RowError(0, "", "tệp không phải văn bản UTF-8; lưu lại dạng .txt (UTF-8), .docx hoặc .yaml")]
                        ) from None
    return datafile.parse(text) if suffix in (".yaml", ".yml") else parse_text(text)


def parse_text(text: str) -> PlanSpec:
    """The plan as published in text: its body, then the appendix table with tab-separated cells."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if is_header(line.split("\t"))), None)
    if start is None:
        raise PlanError([RowError(0, "", "không thấy bảng phụ lục (dòng tiêu đề «TT ⇥ Nội dung công việc …»)")])
    rows, errors = [], []
    for number, line in enumerate(lines[start:], start=start + 1):
        if "\t" in line:
            rows.append((number, line.split("\t")))
        elif line.strip():
            errors.append(RowError(number, "", "dòng không có các cột ngăn bằng dấu Tab"))
    return parse_appendix("\n".join(lines[:start]), rows, errors)


def parse_appendix(body: str, rows: list[tuple[int, list[str]]], errors: list[RowError] | None = None) -> PlanSpec:
    """Body prose and table rows -> PlanSpec, with the standard units of a commune."""
    errors = list(errors or [])
    title = _TITLE.search(body.replace("*", " "))
    if title is None:
        raise PlanError([RowError(0, "", "không thấy tên kế hoạch «Kế hoạch cải cách hành chính … xã … năm …»")])
    year = int(title["year"])
    directory = UnitDirectory(STANDARD_UNITS)
    items, sections, gather_errors = gather(rows)
    tasks, task_errors = build_tasks(items, directory, year)
    errors += gather_errors + task_errors
    if errors:
        raise PlanError(sorted(errors, key=lambda e: e.row))
    duties, _missing = body_duties(body, directory, year)
    province = _PROVINCE.search(body)
    decision = _DECISION.search(body)
    return PlanSpec(
        commune=title["commune"].strip(), year=year,
        title=f"Kế hoạch cải cách hành chính nhà nước {title['level']} {title['commune'].strip()} năm {year}",
        units=STANDARD_UNITS, tasks=tuple(tasks + duties), sections=sections,
        province=province["name"].strip() if province else "",
        decision=" ".join(decision["decision"].split()) if decision else "",
    )


def _docx_parts(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The document's paragraphs as text, and every table row's cells, numbered across the tables."""
    import docx  # python-docx is only needed for this form

    try:
        document = docx.Document(str(path))
    except Exception as problem:  # a broken zip, not a .docx, …: python-docx raises many kinds
        raise PlanError([RowError(0, "", f"không mở được tệp .docx: {problem}")]) from None
    body = "\n".join(p.text for p in document.paragraphs)
    rows: list[tuple[int, list[str]]] = []
    for table in document.tables:
        for row in table.rows:
            rows.append((len(rows) + 1, [cell.text for cell in row.cells]))
    return body, rows
