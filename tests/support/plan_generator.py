"""Plans composed at random from parts, in the shapes published plans take, with what reading them must give.

Nothing here is a real plan: each part is a class of what published appendices do, written in our own words:
- the title block: a commune's or a province's, the year in the title, only in the date line, or "năm nay";
- the columns: TT or not, content, lead (or none), coordinators, time, product, added columns (Ghi chú, Kinh
  phí, Người đứng đầu chịu trách nhiệm, Văn bản giao nhiệm vụ, Căn cứ), in any order, named any way, the
  header on one row or two;
- sections: none, Roman "I. Title" in one cell, "I" with its title beside it, "I." with a dot, one merged
  cell, a text line between two tables, lettered parts over Roman sections;
- numbering: running on, restarting in each section, dotted "1.1", "a)" sub-items, unnumbered sub-rows with
  their own lead and time;
- units in the spellings officers write, several to a cell, collectives;
- time phrases of every class the grammar reads, and some nobody can (the task imports undated).
A plan is drawn through `pick`, a function that chooses one of a list: hypothesis's draw (so a failure
shrinks) or a Random's choice.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

Pick = Callable[[Sequence[Any]], Any]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")

HEADERS = {
    "number": ("TT", "STT", "Số TT"),
    "content": ("Nội dung công việc", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung", "Nhiệm vụ, giải pháp"),
    "lead": ("Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì", "Đơn vị thực hiện", "CƠ QUAN CHỦ TRÌ"),
    "coordinators": ("Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp"),
    "time": ("Thời gian thực hiện", "Thời gian hoàn thành", "Thời hạn", "Tiến độ thực hiện", "THỜI GIAN"),
    "product": ("Sản phẩm", "Kết quả dự kiến", "Sản phẩm đầu ra"),
}
EXTRAS = ("Ghi chú", "Kinh phí", "Người đứng đầu chịu trách nhiệm", "Văn bản giao nhiệm vụ", "Căn cứ")
EXTRA_VALUES = ("Ưu tiên", "Ngân sách xã", "Chủ tịch UBND", "Công văn 12/UBND-VP ngày 03/01/2026", "", "Quý I/2026")

# (spellings, canonical) of units; the first spelling is how most cells write it
PROVINCE_UNITS = (
    (("Sở Tài chính", "Sở Tài Chính"), "Sở Tài chính"),
    (("Sở Nội vụ", "SỞ NỘI VỤ"), "Sở Nội vụ"),
    (("Sở Xây dựng",), "Sở Xây dựng"),
    (("Sở Y tế",), "Sở Y tế"),
    (("Công an tỉnh",), "Công an tỉnh"),
    (("Sở Khoa học và Công nghệ", "Sở KH&CN"), "Sở Khoa học và Công nghệ"),
    (("Sở Văn hóa, Thể thao và Du lịch",), "Sở Văn hóa, Thể thao và Du lịch"),
)
COMMUNE_UNITS = (
    (("Phòng Văn hóa - Xã hội", "Phòng Văn hoá – Xã hội xã", "Phòng Văn hóa-Xã hội"), "Phòng Văn hóa - Xã hội"),
    (("Văn phòng HĐND và UBND xã", "Văn phòng HĐND và UBND"), "Văn phòng HĐND và UBND xã"),
    (("Phòng Kinh tế", "Phòng Kinh tế xã"), "Phòng Kinh tế"),
    (("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ HCC"), "Trung tâm Phục vụ hành chính công"),
    (("Trung tâm Dịch vụ Sự nghiệp công",), "Trung tâm Dịch vụ Sự nghiệp công"),
)
COLLECTIVES = ("Các sở, ban, ngành", "Các phòng, cơ quan liên quan", "Các cơ quan, đơn vị liên quan")
UNREADABLE = ("sớm nhất có thể", "tùy tình hình", "càng sớm càng tốt")
SECTION_TITLES = ("Cải cách thể chế", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Cải cách tổ chức bộ máy", "Chính quyền số",
                  "Cải cách tài chính công", "Tuyên truyền")
CONTENTS = ("Rà soát quy trình nội bộ", "Ban hành kế hoạch kiểm tra", "Tập huấn kỹ năng số", "Số hóa hồ sơ",
            "Đánh giá mức độ hài lòng", "Công khai thủ tục hành chính", "Kiện toàn tổ công tác", "Báo cáo kết quả")


@dataclass
class Expected:
    """What reading one task must give."""

    number: str
    lead: str | None  # canonical name of its first lead; None: nobody named (the focal point follows it)
    kind: str
    due: list[str]


@dataclass
class Row:
    kind: str  # "task", "section" or "line" (a section heading as a text line between two tables)
    cells: list[str] = field(default_factory=list)
    title: str = ""
    section_form: str = ""


@dataclass
class GeneratedPlan:
    title: list[str]
    header: list[list[str]]  # one or two rows
    rows: list[Row]
    expected: list[Expected]
    year: int
    commune: bool
    width: int


def time_phrase(pick: Pick, year: int) -> tuple[str, str, list[str]]:
    """A time cell of one class the grammar reads (or of none), and its reading: kind and due dates."""
    q, m, d = pick(range(1, 5)), pick(range(1, 13)), pick((5, 10, 15, 20, 28))
    month_end = (date(year, m % 12 + 1, 1) if m < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    quarter_end = (date(year, 3 * q + 1, 1) if q < 4 else date(year + 1, 1, 1)) - timedelta(days=1)
    forms = (
        (f"Quý {ROMAN[q - 1]}/{year}", "window", [quarter_end]),
        (f"Quý {ROMAN[q - 1]} năm {year}", "window", [quarter_end]),
        (f"Tháng {m}/{year}", "window", [month_end]),
        (f"Trước ngày {d}/{m}/{year}", "deadline", [date(year, m, d) - timedelta(days=1)]),
        (f"Chậm nhất ngày {d:02d}/{m:02d}/{year}", "deadline", [date(year, m, d)]),
        ("Thường xuyên", "ongoing", []),
        (f"Cả năm {year}", "ongoing", [date(year, 12, 31)]),
        ("Hằng quý", "recurring", [date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31)]),
        ("Khi thành phố tổ chức", "event", []),
        ("Trước ngày 05 của tháng cuối quý", "recurring", [date(year, 3 * k, 4) for k in range(1, 5)]),
        (pick(UNREADABLE), "undated", []),
        ("", "undated", []),
    )
    text, kind, due = pick(forms)
    return text, kind, [d.isoformat() for d in due]


def _units_cell(pick: Pick, units: Sequence[tuple[tuple[str, ...], str]]) -> tuple[str, str | None]:
    """A lead or coordinators cell: one unit, two with a separator, or a collective; and its first unit."""
    first_spellings, first = pick(units)
    form = pick(("one", "one", "two", "collective"))
    if form == "collective":
        return pick(COLLECTIVES), None
    cell = pick(first_spellings)
    if form == "two":
        spellings, other = pick(units)
        if other != first:
            cell = f"{cell}{pick((', ', '; ', '/', ' và ', chr(10), chr(10) + '- '))}{pick(spellings)}"
    return cell, first


def generate(pick: Pick, year: int = 2026) -> GeneratedPlan:
    commune = pick((True, False))
    units = COMMUNE_UNITS if commune else PROVINCE_UNITS
    fields = ["number"] * pick((1, 1, 1, 0)) + ["content"] + ["lead"] * pick((1, 1, 1, 1, 0)) \
        + ["coordinators"] * pick((1, 0)) + ["time"] + ["product"] * pick((1, 0))
    extras = [e for e in EXTRAS if pick((False, False, True))]
    order = _shuffled(pick, fields + extras)
    header = [pick(HEADERS[f]) if f in HEADERS else f for f in order]
    sections = pick(("none", "roman", "roman", "lettered"))
    numbered = "number" in fields  # with no TT column the rows are numbered 1, 2, 3 … as they come
    numbering = pick(("running", "restarting", "dotted")) if sections != "none" and numbered else "running"
    rows, expected = _body(pick, order, units, sections, numbering, year, numbered)
    headers = _header_rows(pick, order, header)
    return GeneratedPlan(_title(pick, commune, year), headers, rows, expected, year, commune, len(order))


def _header_rows(pick: Pick, order: list[str], header: list[str]) -> list[list[str]]:
    """One header row; or two: «Cơ quan thực hiện» over «Chủ trì» and «Phối hợp» side by side, or a long name
    wrapped onto a second row at a word boundary («Cơ quan chủ» over «trì»), as narrow columns print."""
    form = pick(("one", "one", "group", "wrapped"))
    if form == "group" and "lead" in order and order.index("lead") + 1 < len(order) \
            and order[order.index("lead") + 1] == "coordinators":
        at = order.index("lead")
        top = [*header[:at], "Cơ quan thực hiện", "Cơ quan thực hiện", *header[at + 2:]]
        below = ["" for _ in header]
        below[at: at + 2] = ["Chủ trì", "Phối hợp"]
        return [top, below]
    long = [i for i, name in enumerate(header) if len(name.split()) >= 3 and order[i] in HEADERS]
    if form == "wrapped" and long:
        at = pick(long)
        words = header[at].split()
        top, below = list(header), ["" for _ in header]
        top[at], below[at] = " ".join(words[:-1]), words[-1]
        return [top, below]
    return [header]


def _shuffled(pick: Pick, items: list[str]) -> list[str]:
    """The columns in a drawn order, TT kept first when there is one (as every plan has it)."""
    rest = [i for i in items if i != "number"]
    out = []
    while rest:
        out.append(rest.pop(pick(range(len(rest)))))
    return (["number"] if "number" in items else []) + out


def _title(pick: Pick, commune: bool, year: int) -> list[str]:
    where = "năm nay" if pick((False, True)) else f"năm {year}"
    if commune:
        return ["ỦY BAN NHÂN DÂN", "XÃ AN HÒA", "", f"An Hòa, ngày 05 tháng 01 năm {year}", "", "KẾ HOẠCH",
                f"Cải cách hành chính nhà nước {where}", ""]
    return ["ỦY BAN NHÂN DÂN TỈNH BẮC SƠN", "KẾ HOẠCH", f"CHUYỂN ĐỔI SỐ {where.upper()}", "",
            "Giao Sở Nội vụ - cơ quan thường trực, theo dõi việc thực hiện.", "PHỤ LỤC",
            f"(Kèm theo Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm {year} của UBND tỉnh Bắc Sơn)", ""]


SECTION_FORMS = ("cell", "split", "dot", "line")


def _body(pick: Pick, order: list[str], units, sections: str, numbering: str, year: int, numbered: bool
          ) -> tuple[list[Row], list[Expected]]:
    rows: list[Row] = []
    found: list[tuple[str, str, Expected]] = []  # (section key, roman, expected with the number as shown)
    letters = ("A", "B") if sections == "lettered" else ("",)
    running = 0
    for letter in letters:
        if letter:
            rows.append(Row("section", title=f"{letter}. PHẦN {letter}", section_form="cell"))
        for s in range(pick((1, 2, 3)) if sections != "none" else 1):
            roman = ROMAN[s] if sections != "none" else ""
            if roman:
                form = pick(SECTION_FORMS if numbered else ("cell", "line"))
                rows.append(Row("line" if form == "line" else "section", title=f"{roman}. {pick(SECTION_TITLES)}",
                                section_form=form))
            for index in range(1, pick((1, 2, 3)) + 1):
                running += 1
                shown = str(running) if numbering == "running" else str(index) if numbering == "restarting" \
                    else f"{s + 1}.{index}"
                key = ".".join(p for p in (letter, roman) if p)
                shape = pick(("plain", "plain", "plain", "items", "subrow")) if numbered else "plain"
                for number, cells, expected in _task_rows(pick, order, units, shown, shape, year):
                    rows.append(Row("task", cells))
                    if expected is not None:
                        found.append((key, roman, Expected(number, *expected)))
    return rows, _numbered(found)


def _task_rows(pick: Pick, order: list[str], units, shown: str, shape: str, year: int):
    """The rows of one task: a plain row; a heading row with «a)», «b)» sub-items; or a row with an unnumbered
    sub-row of its own lead and time. Yields (number as shown, cells, (lead, kind, due) or None)."""
    if shape == "items":
        yield shown, _cells(order, number=shown, content=f"{pick(CONTENTS)}:"), None
        for k, letter in enumerate("ab"[: pick((1, 2))], start=1):
            cells, expected = _task_cells(pick, order, units, f"{letter})", year)
            yield f"{shown}.{k}", cells, expected
        return
    cells, expected = _task_cells(pick, order, units, shown, year)
    if shape != "subrow" or not ({"lead", "time"} <= set(order)):
        yield shown, cells, expected
        return
    sub, sub_expected = _task_cells(pick, order, units, "", year, own_lead=True)
    time_at = order.index("time")
    if sub_expected[0] is None or not sub[time_at] or not cells[time_at]:
        yield shown, cells, expected
        return
    yield f"{shown}.1", cells, expected
    yield f"{shown}.2", sub, sub_expected


def _task_cells(pick: Pick, order: list[str], units, number: str, year: int, own_lead: bool = False):
    values: dict[str, str] = {"number": number, "content": f"{pick(CONTENTS)} {pick(('', 'năm ' + str(year)))}".strip()}
    lead = None
    if "lead" in order:
        values["lead"], lead = (_units_cell(pick, units) if not own_lead else _one_unit(pick, units))
    if "coordinators" in order:
        values["coordinators"] = pick(("", _units_cell(pick, units)[0]))
    text, kind, due = time_phrase(pick, year) if "time" in order else ("", "undated", [])
    values["time"] = text
    if "product" in order:
        values["product"] = pick(("Kế hoạch", "Báo cáo", "Quyết định", ""))
    for extra in EXTRAS:
        values[extra] = pick(EXTRA_VALUES)
    return _cells(order, **values), (lead, kind, due)


def _one_unit(pick: Pick, units) -> tuple[str, str]:
    spellings, name = pick(units)
    return pick(spellings), name


def _cells(order: list[str], **values: str) -> list[str]:
    return [values.get(name, "") for name in order]


def _numbered(found: list[tuple[str, str, Expected]]) -> list[Expected]:
    """The numbers the chat will know the tasks by: as shown when unique, else with the Roman section, else with
    the whole section (the rule of plan_data.readers.numbering, stated here on its own)."""
    shown = [e.number for _k, _r, e in found]
    for qualify in (lambda k, r, n: n, lambda k, r, n: f"{r}.{n}" if r else n, lambda k, r, n: f"{k}.{n}" if k else n):
        numbers = [qualify(k, r, e.number) for k, r, e in found]
        if len(set(numbers)) == len(numbers):
            break
    else:
        numbers = [str(i) for i in range(1, len(shown) + 1)]
    return [Expected(n, e.lead, e.kind, e.due) for n, (_k, _r, e) in zip(numbers, found, strict=True)]


# ---------------------------------------------------------------- writers


def _section_cells(row: Row, width: int) -> list[str]:
    ident, _dot, title = row.title.partition(". ")
    if row.section_form == "split":
        return [ident, title] + [""] * (width - 2)
    if row.section_form == "dot":
        return [f"{ident}.", title] + [""] * (width - 2)
    return [row.title] + [""] * (width - 1)


def write_text(plan: GeneratedPlan, path) -> Any:  # noqa: ANN001 (a Path)
    """Tab-separated cells, a cell's line breaks joined with a space (as copies of published plans have them)."""
    lines = list(plan.title) + ["\t".join(h) for h in plan.header]
    for row in plan.rows:
        if row.kind == "line":
            lines.append(row.title)
        elif row.kind == "section":
            lines.append("\t".join(_section_cells(row, plan.width)))
        else:
            lines.append("\t".join(" ".join(c.split()) for c in row.cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(plan: GeneratedPlan, path) -> Any:  # noqa: ANN001
    """Paragraphs, then tables: a section row merged across (or its numeral beside a merged title), a text line
    between two tables, each table with its own header."""
    import docx

    document = docx.Document()
    for line in plan.title:
        document.add_paragraph(line)
    table = None
    for row in plan.rows:
        if row.kind == "line" or table is None:
            if row.kind == "line":
                document.add_paragraph(row.title)
            table = document.add_table(rows=0, cols=plan.width)
            _docx_header(table, plan.header)
            if row.kind == "line":
                continue
        if row.kind == "section":
            cells = table.add_row().cells
            first = 0 if row.section_form == "cell" else 1
            if first:
                cells[0].text = _section_cells(row, plan.width)[0]
            merged = cells[first].merge(cells[plan.width - 1]) if plan.width - 1 > first else cells[first]
            merged.text = _section_cells(row, plan.width)[first]
            continue
        _docx_row(table, row.cells)
    document.save(str(path))
    return path


def _docx_header(table, header: list[list[str]]) -> None:  # noqa: ANN001
    """The header rows as Word merges them: a name over two columns merged across, a cell with nothing
    below it merged down."""
    for cells in header:
        _docx_row(table, cells if len(header) == 1 else [c for c in cells])
    if len(header) == 2:
        top, below = header
        first = len(table.rows) - 2
        for c in range(len(top)):
            if not below[c]:
                table.cell(first, c).merge(table.cell(first + 1, c)).text = top[c]
        for c in range(1, len(top)):
            if top[c] == top[c - 1] and below[c]:
                table.cell(first, c - 1).merge(table.cell(first, c)).text = top[c]


def _docx_row(table, cells: list[str]) -> None:  # noqa: ANN001
    for cell, text in zip(table.add_row().cells, cells, strict=True):
        cell.text = text


def write_pdf(plan: GeneratedPlan, path) -> Any:  # noqa: ANN001
    """A PDF with a text layer and ruled tables, the header repeated on every page, as Word's "save as PDF"."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape")
    fonts = _pdf_fonts()
    pdf.add_font("DejaVu", fname=str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(fonts / "DejaVuSans-Bold.ttf"))  # the repeated header row
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    for line in plan.title:
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    chunks: list[list[Row]] = [[]]
    for row in plan.rows:
        if row.kind == "line":
            chunks.append([row])
        else:
            chunks[-1].append(row)
    for chunk in chunks:
        if chunk and chunk[0].kind == "line":
            pdf.multi_cell(0, 6, chunk[0].title, new_x="LMARGIN", new_y="NEXT")
            chunk = chunk[1:]
        _pdf_table(pdf, plan, chunk)
    pdf.output(str(path))
    return path


@cache
def _pdf_fonts() -> Path:
    """DejaVu Sans and its bold cut to the Latin and Vietnamese letters and punctuation, once per process: FPDF
    parses the whole font file (6,000 glyphs) on each add_font and again to embed it, a third of a PDF's time.
    The same glyphs and widths, so the same pages; a letter left out would be missing from the text read back."""
    import matplotlib
    from fontTools import subset

    source = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folder = Path(tempfile.mkdtemp(prefix="plan-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    letters = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070), 0x20AB]
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        options = subset.Options()
        options.layout_features, options.notdef_outline = [], True  # FPDF shapes no text: no GSUB, GPOS, kern
        options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=letters)
        subsetter.subset(font)
        subset.save_font(font, str(folder / name), options)
    return folder


def _pdf_table(pdf, plan: GeneratedPlan, rows: list[Row]) -> None:  # noqa: ANN001
    with pdf.table(first_row_as_headings=True, num_heading_rows=len(plan.header), line_height=5) as table:
        for texts in plan.header:
            header = table.row()
            for text in texts:
                header.cell(text)
        for row in rows:
            cells = table.row()
            if row.kind == "section":
                texts = _section_cells(row, plan.width)
                if row.section_form == "cell":
                    cells.cell(texts[0], colspan=plan.width)
                else:
                    cells.cell(texts[0])
                    cells.cell(texts[1], colspan=plan.width - 1)
                continue
            for text in row.cells:
                cells.cell(text)


WRITERS = {"txt": write_text, "docx": write_docx, "pdf": write_pdf}
