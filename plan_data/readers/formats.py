"""The forms a plan is published in -> its body text and its appendix rows.

Tab-separated text, a .docx (tables, merged cells, tables split across pages, text lines between tables), a
.pdf with a text layer (pdfplumber), or a labelled prose list in the body when there is no table. A scanned
PDF has no text to read and is refused with a sentence that says so. Reading is all this does: no clock,
nothing written.

Besides the rows, a reader says two things about them that only the form knows:
- `lines`: rows that are a line of text between table rows (no cells): a section heading ("B. Nhiệm vụ của
  các phòng chuyên môn") or text the table does not hold;
- `page_starts`: rows that open a new page of a PDF, where an unnumbered row most often goes on with the row
  the page break cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plan_data.model import PlanError, RowError
from plan_data.readers.columns import Columns, field_of, header_score, read_header, with_row_below
from plan_data.readers.numbering import heading_of
from plan_data.readers.prose import prose_rows

Rows = list[tuple[int, list[str]]]
NO_TABLE = ("không thấy bảng nhiệm vụ (dòng tiêu đề «TT ⇥ Nội dung công việc ⇥ Cơ quan chủ trì …») cũng không thấy "
            "danh sách nhiệm vụ (mục có nhãn «Thời gian thực hiện:», «Cơ quan thực hiện:» …)")


@dataclass
class Source:
    """What a reader found: the body, the table rows after the header, and the columns the header names."""

    body: str
    rows: Rows
    columns: Columns | None
    errors: list[RowError] = field(default_factory=list)
    form: str = "table"  # or "prose"
    warnings: list[RowError] = field(default_factory=list)
    lines: frozenset[int] = frozenset()
    page_starts: frozenset[int] = frozenset()


def from_rows(body: str, rows: Rows, errors: list[RowError] | None = None, *, lines: frozenset[int] = frozenset(),
              page_starts: frozenset[int] = frozenset(), warnings: list[RowError] | None = None) -> Source:
    """The first header row names the columns; rows before it are not the appendix (a title block, the
    issuer's table). With no table, a labelled list in the body; with neither, the file is no plan."""
    errors, warnings = list(errors or []), list(warnings or [])
    index = _header_at(rows, lines)
    if index is not None:
        cells = rows[index][1]
        below = rows[index + 1][1] if index + 1 < len(rows) else None
        columns, used_below, problem = read_header(cells, below)
        if columns is None:
            raise PlanError([RowError(rows[index][0], "", problem)])
        return Source(body, _headings_above(rows, index, lines) + rows[index + 1 + used_below:], columns, errors,
                      warnings=warnings, lines=lines, page_starts=page_starts)
    prose = prose_rows(body.splitlines())
    if prose:
        return Source(body, prose, Columns({n: i for i, n in enumerate(
            ("number", "content", "lead", "coordinators", "time", "product"))}, width=6), [], "prose")
    raise PlanError([RowError(0, "", NO_TABLE)])


def _headings_above(rows: Rows, index: int, lines: frozenset[int]) -> Rows:
    """The section headings printed right above the table (a .docx paragraph, a PDF line): the first rows'
    section, which would otherwise be lost with the text before the header."""
    above: Rows = []
    for row in reversed(rows[:index]):
        if row[0] not in lines or heading_of(row[1][0]) is None:
            break
        above.insert(0, row)
    return above


def _header_at(rows: Rows, lines: frozenset[int]) -> int | None:
    """Where the header row is: the first that names three of the plan's columns, else the first that names at
    least its content and its time (a table of two columns)."""
    cells = [(i, c) for i, (row, c) in enumerate(rows) if row not in lines]
    # a header spanning two rows is read joined («Tên nhiệm» over «vụ»): a row alone may name too few columns
    cells = [(i, with_row_below(c, rows[i + 1][1] if i + 1 < len(rows) else None) or c) for i, c in cells]
    found = next((i for i, c in cells if header_score(c) >= 3), None)
    if found is None:
        found = next((i for i, c in cells if {"content", "time"} <= {field_of(x) for x in c if x.strip()}), None)
    return found


def read_text(text: str) -> Source:
    """The plan as published in text: its body, then the appendix table with tab-separated cells. A line with
    no tab inside the table is kept as a text line (a heading between two tables); text after the table
    (the signature, "Nơi nhận") is not the appendix."""
    lines = text.splitlines()
    tabbed = [(i, line.split("\t")) for i, line in enumerate(lines) if "\t" in line]
    at = _header_at(tabbed, frozenset())
    if at is None:
        return from_rows(text, [])
    start = tabbed[at][0]
    last = max(i for i, line in enumerate(lines) if "\t" in line)
    rows: Rows = []
    between: set[int] = set()
    for number, line in enumerate(lines[start: last + 1], start=start + 1):
        if "\t" in line:
            rows.append((number, line.split("\t")))
        elif line.strip():
            rows.append((number, [line.strip()]))
            between.add(number)
    return from_rows("\n".join(lines[:start]), rows, lines=frozenset(between))


_NOT_DOCX = ("không mở được tệp .docx: tệp hỏng hoặc không phải văn bản Word .docx (một tệp .doc cũ đổi tên?); "
             "mở bằng Word rồi lưu lại dạng .docx")


def read_docx(path: Path) -> Source:
    """Paragraphs as the body; every table's rows in document order, numbered across the tables (a table split
    across pages goes on in the next), with the paragraphs between two tables as text lines. python-docx gives
    a merged cell's text in every row and column it spans."""
    import docx  # python-docx is only needed for this form
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception:  # a broken zip, not a .docx, …: python-docx raises many kinds
        raise PlanError([RowError(0, "", _NOT_DOCX)]) from None
    body: list[str] = []
    rows: Rows = []
    between: set[int] = set()
    pending: list[str] = []  # paragraphs after a table: text lines if another table follows
    for block in blocks:
        if isinstance(block, Table):
            for text in pending:
                rows.append((len(rows) + 1, [text]))
                between.add(len(rows))
            pending = []
            rows += [(len(rows) + i + 1, cells) for i, cells in enumerate(_table_rows(block))]
            continue
        body.append(block.text)
        if block.text.strip() and (rows or heading_of(block.text)):
            pending.append(block.text.strip())
        elif block.text.strip():
            pending = []  # body text: the headings that count are the ones right above a table
    return from_rows("\n".join(body), rows, lines=frozenset(between))


def _table_rows(table) -> list[list[str]]:  # noqa: ANN001 (python-docx's Table, imported lazily)
    """Each row's cells on the table's grid: a row that starts or ends short (Word's gridBefore/After) is
    padded, so that its cells stay under their columns."""
    out = []
    for row in table.rows:
        cells = [cell.text for cell in row.cells]
        out.append([""] * (row.grid_cols_before or 0) + cells + [""] * (row.grid_cols_after or 0))
    return out


def read_pdf(path: Path) -> Source:
    """Text and ruled tables of a PDF with a text layer; a scan (pictures of pages) is refused. The first row
    of each page after the first is marked: a row the page break cut goes on there."""
    from plan_data.readers.pdfpages import read_pages  # pdfplumber is only needed for this form

    pages = read_pages(path)
    letters = sum(ch.isalpha() for page in pages for ch in page.text)
    if letters < 20 * max(1, len(pages)):  # a scan may still carry a page number or a stamp as text
        raise PlanError([RowError(0, "", "tệp PDF không có lớp chữ (có lẽ là bản scan, chỉ có ảnh): không đọc "
                                         "được. Hãy dùng bản .docx hoặc bản PDF xuất từ Word, hoặc nhận dạng chữ "
                                         "(OCR) trước.")])
    rows: Rows = []
    between: set[int] = set()
    starts: set[int] = set()
    above: list[str] = []  # heading lines right above the first table: its first section
    for page in pages:
        first = True
        for kind, content in page.blocks:
            if kind == "line":
                if rows:
                    rows.append((len(rows) + 1, [content]))
                    between.add(len(rows))
                else:  # a line before the first table is the body's, unless a heading right above it
                    above = [*above, content] if heading_of(content) else []
                continue
            for text in above:
                rows.append((len(rows) + 1, [text]))
                between.add(len(rows))
            above = []
            for cells in content:
                rows.append((len(rows) + 1, cells))
                if first and page.number > 1:
                    starts.add(len(rows))
                first = False
    return from_rows("\n".join(page.text for page in pages), rows, lines=frozenset(between),
                     page_starts=frozenset(starts))
