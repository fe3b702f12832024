"""The periodic CCHC report as a Word document, laid out as Nghị định 30/2020/NĐ-CP sets out.

A draft to edit in Word: the facts (every task's state, the figures) are filled in from the domain's
figures; the judgement (assessment, causes, directions, proposals) is left to people, in clearly marked
placeholders. A4, Times New Roman 14 (13 in the heading block and tables), margins top/bottom 20 mm,
left 30 mm, right 15 mm; page numbers centred at the top from page 2.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from bot.files import texts
from bot.files.heading import MOTTO, NATION, Heading, fill_in, period_name
from bot.files.report_lines import DUTIES, DUTIES_TITLE, LATE, Item, explained_part, full_name, grouped
from bot.files.safe import as_text
from plan_data.figure_columns import DOCUMENT
from plan_data.figures import Counts, Figures, ReportingPeriod, ReportRow
from plan_data.status import Status

FONT = "Times New Roman"
BODY_PT, BODY_AFTER_PT = 14, 6  # the Normal style's size and space after (_page)
HIGHLIGHT = WD_COLOR_INDEX.YELLOW  # every part a person must write or fill in: placeholders and blanks alike
PLACEHOLDER = "[Phần do cán bộ đầu mối viết: {what}]"
PARTS = (  # (heading, what the placeholder asks for) after the figures
    ("III. ĐÁNH GIÁ CHUNG", (("1. Ưu điểm", "những kết quả nổi bật trong kỳ"),
                              ("2. Tồn tại, hạn chế và nguyên nhân", "tồn tại, hạn chế; nguyên nhân khách quan, chủ quan"))),
    ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM KỲ TIẾP THEO",
     (("", "các nhiệm vụ trọng tâm, giải pháp của kỳ tới"),)),
    ("V. ĐỀ XUẤT, KIẾN NGHỊ", (("", "đề xuất, kiến nghị với UBND thành phố, các sở, ngành"),)),
)
PAGE_MM, LEFT_MM, RIGHT_MM = 210, 30, 15  # A4's width, and its margins
TEXT_MM = PAGE_MM - LEFT_MM - RIGHT_MM
NAME_MM = 45  # the figures' table: the name of a row's section or unit; its figures share the rest


def report_document(heading: Heading, plan_title: str, decision: str, rows: Sequence[ReportRow], figures: Figures,
                    period: ReportingPeriod, sections: dict[str, str], unit_names: dict[str, str],
                    explained: Mapping[int, Any] | None = None) -> bytes:
    """explained: occurrence id -> the unit's answer to «giải trình» (plan_data.explanations.answers_by_occurrence),
    said on the line of a task not done on time."""
    document = Document()
    _page(document)
    _heading_block(document, heading)
    _title(document, heading)
    _direction(document, plan_title, decision)
    number = _results(document, rows, period, sections, unit_names, explained or {})
    _figures(document, figures, number, unit_names)
    for title, parts in PARTS:
        _para(document, title, bold=True)
        for subtitle, what in parts:
            if subtitle:
                _para(document, subtitle, bold=True, indent=True)
            _placeholder(document, what)
    _signature(document, heading)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document) -> None:
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after, style.paragraph_format.line_spacing = Pt(BODY_AFTER_PT), 1.15
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")


def _field(paragraph: Paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _para(where, text: str = "", *, bold: bool = False, italic: bool = False, size: float = 14, align=None,
          indent: bool = False, after: float = 6, fill: bool = False) -> Paragraph:
    """A paragraph of one style; `fill`: its blanks (heading.fill_in) highlighted, as the placeholders are."""
    paragraph = where.add_paragraph()
    normal_size, normal_after = _normal(paragraph.part)
    for part, blank in fill_in(text) if fill else [(text, False)] if text else []:
        run = paragraph.add_run(as_text(part))
        # only what differs from the Normal style (the font, its size, its space after): Word and LibreOffice
        # show the style's where a run says nothing, and each property said costs python-docx an element
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if Pt(size) != normal_size:
            run.font.size = Pt(size)
        if blank:
            run.font.highlight_color = HIGHLIGHT
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if Pt(after) != normal_after:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


_NORMALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _normal(part) -> tuple[Length, Length]:  # noqa: ANN001 (python-docx's DocumentPart)
    """The document's Normal style: its font size and space after, what a run or paragraph that says nothing
    shows; read once per document (set by its _page before any paragraph)."""
    if part not in _NORMALS:
        style = part.document.styles["Normal"]
        _NORMALS[part] = style.font.size, style.paragraph_format.space_after
    return _NORMALS[part]


def _cell_lines(cell: _Cell, lines: Sequence[tuple[str, bool, bool, float]]) -> None:
    """Lines in a cell, centred: (text, bold, italic, size); a blank in them (the number, the signer) marked."""
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for text, bold, italic, size in lines:
        _para(cell, text, bold=bold, italic=italic, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, fill=True)


def _widths(table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, as Word and LibreOffice both read them (the grid and every cell)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _keep_together(table) -> None:
    """A row never splits over two pages: the signature block stays whole, a unit's figures too. Each row
    keeps with the next, so that a table that fits on a page is not left with a row or two at a page's foot."""
    for index, row in enumerate(table.rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < len(table.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _header_repeats(table) -> None:
    """The first row is the table's header: Word and LibreOffice print it again at the top of every page."""
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _heading_block(document, heading: Heading) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (62, 103))
    left, right = table.rows[0].cells
    _cell_lines(left, [(heading.body_above, False, False, 13), (heading.body, True, False, 13),
                       ("―――――", False, False, 8), (heading.number, False, False, 13)])
    _cell_lines(right, [(NATION, True, False, 13), (MOTTO, True, False, 14), ("――――――――――", False, False, 8),
                        (heading.place_date, False, True, 14)])


def _title(document, heading: Heading) -> None:
    _para(document, after=0)
    _para(document, heading.kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, heading.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, heading.cutoff, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, "――――――", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after=12)


def _direction(document, plan_title: str, decision: str) -> None:
    _para(document, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", bold=True)
    issued = f"{plan_title} ({decision})" if decision else plan_title
    _para(document, f"Ủy ban nhân dân xã triển khai {issued}; giao nhiệm vụ cụ thể cho các cơ quan, đơn vị; "
                    "theo dõi, đôn đốc việc thực hiện qua hệ thống nhắc việc CCHC.", indent=True, fill=True)
    _placeholder(document, "các văn bản chỉ đạo, điều hành, kiểm tra, tuyên truyền đã ban hành trong kỳ")


def _placeholder(document, what: str) -> None:
    paragraph = _para(document, indent=True)
    run = paragraph.add_run(PLACEHOLDER.format(what=what))
    run.italic, run.font.name, run.font.size = True, FONT, Pt(14)
    run.font.highlight_color = HIGHLIGHT


def _results(document, rows: Sequence[ReportRow], period: ReportingPeriod, sections: dict[str, str],
             unit_names: dict[str, str], explained: Mapping[int, Any]) -> int:
    """Section II: the period it is about, then each area's lists, line by line; returns the number its
    figures take."""
    _para(document, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", bold=True)
    _para(document, texts.REPORT_PERIOD.format(
        period=period_name(period), start=texts.day(period.period.start), end=texts.day(period.period.end),
        facts_start=texts.day(period.facts.start), facts_end=texts.day(period.facts.end)), indent=True)
    groups = grouped(rows, period)
    for number, (key, items) in enumerate(groups.items(), 1):
        title = DUTIES_TITLE if key == DUTIES else f"{sections.get(key, '')} (mục {key} của Kế hoạch)"
        _para(document, f"{number}. {title}", bold=True, indent=True)
        present = [(listed, title) for listed, title in texts.REPORT_LISTS.items() if any(i.listed == listed
                                                                                        for i in items)]
        for letter, (listed, title) in zip("abcdđeghiklm", present, strict=False):
            chosen = [i for i in items if i.listed == listed]
            _para(document, f"{letter}) {title}: {len(chosen)} nhiệm vụ", italic=True, indent=True)
            for entry in chosen:
                _para(document, "- " + item_sentence(entry, unit_names, explained), indent=True)
    return len(groups) + 1


def item_sentence(entry: Item, unit_names: dict[str, str], explained: Mapping[int, Any] | None = None) -> str:
    """- Nhiệm vụ 18 (Quý II/2026) (Trung tâm Phục vụ hành chính công): Cập nhật, công khai TTHC… (whole) — hạn
    04/06/2026, chưa hoàn thành; báo cáo trong kỳ ngày 05/05/2026: đạt 60%. Ghi chú: …"""
    task, occurrence = entry.task, entry.row.occurrence
    label = f" ({occurrence.label})" if occurrence.label else ""
    unit = unit_names.get(task.responsible.code, task.responsible.name)
    text = f"Nhiệm vụ {task.number}{label} ({unit}): {full_name(task).strip().rstrip('.;')}"
    parts = _state_parts(entry)
    if parts:
        text += " — " + "; ".join(parts)
    if entry.note:
        text += f". Ghi chú: {entry.note.strip()}"
    if entry.evidence:
        text += f". Minh chứng: {entry.evidence}"
    return text + explained_part(entry, explained or {}) + "."


def _state_parts(entry: Item) -> list[str]:
    """Where the line's occurrence stands at the cut-off, and what was reported of it within the facts. What
    is done says only when: the list it is in says whether in this period or before."""
    occurrence, status, result = entry.row.occurrence, entry.row.status, _lower(entry.result)
    if entry.listed == LATE:
        return [f"hạn {texts.day(occurrence.due)}", result]
    if status is Status.DONE:
        return [f"hoàn thành ngày {texts.day(entry.done)}, {entry.timing.lower()}" if entry.done else "đã hoàn thành"]
    if status is Status.AWAITING:
        return [result]
    state = f"hạn {texts.day(occurrence.due)}" if occurrence.due else ""
    if status is Status.OVERDUE:
        state += ", chưa hoàn thành"
    if entry.result != texts.RESULT_NONE:
        return [p for p in (state, result) if p]
    if occurrence.progress:  # reported before this period's facts: how far it stands, without a "trong kỳ"
        state = ", ".join(p for p in (state, f"đạt {occurrence.progress}%") if p)
    return [state] if state else []


def _lower(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _figures(document, figures: Figures, number: int, unit_names: dict[str, str]) -> None:
    t = figures.total
    _para(document, f"{number}. Số liệu tổng hợp", bold=True, indent=True)
    _para(document, figures_sentence(t), indent=True)
    headers = ["Nội dung", *(column.long for column in DOCUMENT.columns())]
    table = document.add_table(rows=1, cols=len(headers))
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_lines(cell, [(header, True, False, 11)])
    _header_repeats(table)
    lines = [(f"Mục {k}", c) for k, c in figures.by_section.items()]
    lines += [(unit_names.get(code, code), c) for code, c in figures.by_unit.items()] + [("Tổng cộng", t)]
    for name, counts in lines:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, [name, *DOCUMENT.values(counts)], strict=True)):
            _cell_lines(cell, [(str(value), name == "Tổng cộng", False, 12)])
            if index == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    figures_mm = (TEXT_MM - NAME_MM) / (len(headers) - 1)
    _widths(table, (NAME_MM, *[figures_mm] * (len(headers) - 1)))
    _keep_together(table)
    _para(document, after=6)


def figures_sentence(t: Counts) -> str:
    return texts.FIGURES_SENTENCE.format(t=t)


def _signature(document, heading: Heading) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (80, 85))
    _keep_together(table)
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    for line in heading.recipients:
        _para(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _cell_lines(right, [(heading.on_behalf, True, False, 14), (heading.signer, True, False, 14),
                        ("", False, False, 14), ("", False, False, 14), ("", False, False, 14),
                        (heading.signer_name, True, False, 14)])

