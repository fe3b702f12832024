"""The forms a plan is published in -> its body text and its appendix rows.

Tab-separated text, a .docx (tables, merged cells, tables split across pages), a .pdf with a text layer
(pdfplumber), or a labelled prose list in the body when there is no table. A scanned PDF has no text to
read and is refused with a sentence that says so. Reading is all this does: no clock, nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plan_data.columns import Columns, header_score, read_header
from plan_data.model import PlanError, RowError
from plan_data.prose import prose_rows

Rows = list[tuple[int, list[str]]]


@dataclass
class Source:
    """What a reader found: the body, the table rows after the header, and the columns the header names."""

    body: str
    rows: Rows
    columns: Columns | None
    errors: list[RowError] = field(default_factory=list)
    form: str = "table"  # or "prose"


def from_rows(body: str, rows: Rows, errors: list[RowError] | None = None) -> Source:
    """The first header row names the columns; rows before it are not the appendix."""
    errors = list(errors or [])
    for index, (_row, cells) in enumerate(rows):
        if header_score(cells) < 3:
            continue
        below = rows[index + 1][1] if index + 1 < len(rows) else None
        columns, used_below, problem = read_header(cells, below)
        if columns is None:
            raise PlanError([RowError(rows[index][0], "", problem)])
        return Source(body, rows[index + 1 + used_below:], columns, errors)
    lines = body.splitlines()
    prose = prose_rows(lines)
    if prose:
        return Source("\n".join(lines), prose, Columns({n: i for i, n in enumerate(
            ("number", "content", "lead", "coordinators", "time", "product"))}, width=6), [], "prose")
    raise PlanError([RowError(0, "", "không thấy bảng phụ lục (dòng tiêu đề «TT ⇥ Nội dung công việc ⇥ Cơ quan "
                                     "chủ trì …») cũng không thấy danh sách nhiệm vụ có nhãn «Thời gian thực hiện:»")])


def read_text(text: str) -> Source:
    """The plan as published in text: its body, then the appendix table with tab-separated cells."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "\t" in line and header_score(line.split("\t")) >= 3), None)
    if start is None:
        return from_rows(text, [])
    rows, errors = [], []
    for number, line in enumerate(lines[start:], start=start + 1):
        if "\t" in line:
            rows.append((number, line.split("\t")))
        elif line.strip():
            errors.append(RowError(number, "", "dòng không có các cột ngăn bằng dấu Tab"))
    return from_rows("\n".join(lines[:start]), rows, errors)


def read_docx(path: Path) -> Source:
    """Paragraphs as the body; every table's rows, numbered across the tables (a table split across pages
    goes on in the next). python-docx gives a merged cell's text in every row and column it spans."""
    import docx  # python-docx is only needed for this form

    try:
        document = docx.Document(str(path))
    except Exception as problem:  # a broken zip, not a .docx, …: python-docx raises many kinds
        raise PlanError([RowError(0, "", f"không mở được tệp .docx: {problem}")]) from None
    body = "\n".join(p.text for p in document.paragraphs)
    rows: Rows = []
    for table in document.tables:
        for row in table.rows:
            rows.append((len(rows) + 1, [cell.text for cell in row.cells]))
    return from_rows(body, rows)


def read_pdf(path: Path) -> Source:
    """Text and ruled tables of a PDF with a text layer; a scan (pictures of pages) is refused."""
    import pdfplumber  # only needed for this form

    try:
        with pdfplumber.open(str(path)) as pdf:
            texts, rows = [], []
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                for table in page.extract_tables():
                    for cells in table:
                        rows.append((len(rows) + 1, [" ".join((c or "").split()) for c in cells]))
    except Exception as problem:  # pdfminer raises many kinds on a damaged file
        raise PlanError([RowError(0, "", f"không mở được tệp .pdf: {problem}")]) from None
    letters = sum(ch.isalpha() for t in texts for ch in t)
    if letters < 20 * max(1, len(texts)):  # a scan may still carry a page number or a stamp as text
        raise PlanError([RowError(0, "", "tệp PDF không có lớp chữ (có lẽ là bản scan, chỉ có ảnh): không đọc "
                                         "được. Hãy dùng bản .docx hoặc bản PDF xuất từ Word, hoặc nhận dạng chữ "
                                         "(OCR) trước.")])
    body = "\n".join(texts)
    if rows:
        return from_rows(body, rows)
    return from_rows(body, [])
