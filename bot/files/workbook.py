"""The CCHC report's table as an Excel workbook, laid out like a Vietnamese administrative table.

Sheets: «Nhiệm vụ» (every item that counts, section by section: I–VII in order, then the plan body's own
duties), «Tổng hợp» (the figures per unit and section), «Ghi chú» (when a note is longer than a cell
shows, the note in full). Each sheet carries the heading of the Word report (issuing body, national heading and
motto, place and date) over its title and cut-off, and its signature block under the table. Row heights
are set from the text, so that a direct xlsx→PDF export (LibreOffice) prints every line.
"""

from __future__ import annotations

import io
import math
from copy import copy
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.files import texts
from bot.files.heading import MOTTO, NATION, Heading, period_name
from bot.files.report_lines import DUTIES, TASK_COLUMNS, Item, cut, grouped, section_title
from bot.files.safe import as_text, put
from plan_data.figure_columns import CITY_SHEET, SHEET
from plan_data.figures import Counts, Figures, ReportingPeriod, ReportRow
from storage.models import Plan

CENTERED = tuple(number for number, column in enumerate(TASK_COLUMNS, 1) if column.centred)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
NORMAL = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", italic=True, size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
LINE_PT = 15.6  # one line of Times New Roman 12 as LibreOffice and Excel print it
MAX_ROW_PT = 409  # Excel's highest row
NOTE_PART = 900  # characters of a note per row on «Ghi chú»: a long note flows over several printed rows


def quarterly_workbook(plan: Plan, rows: list[ReportRow], summary: Figures, period: ReportingPeriod,
                       heading: Heading, unit_names: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    name = period_name(period).upper()
    title = f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC {heading.body} {name}\n(Kèm theo Báo cáo {heading.number[4:].strip()})"
    start = _title(sheet, heading, title, len(TASK_COLUMNS))
    notes = _task_sheet(sheet, plan, rows, period, start)
    _signature(sheet, heading, sheet.max_row + 2, len(TASK_COLUMNS))
    totals = workbook.create_sheet("Tổng hợp")
    width = len(SHEET.columns()) + 1
    start = _title(totals, heading, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC {heading.body} {name}", width)
    _summary_sheet(totals, plan, summary, unit_names, start)
    _signature(totals, heading, totals.max_row + 2, width)
    if notes:  # only when a cell had to cut one
        _notes_sheet(workbook.create_sheet("Ghi chú"), heading, notes)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lines_in(text: object, width: float) -> int:
    """How many printed lines a wrapped cell of this width (in Excel's character units) takes."""
    chars = max(1, int(width * 1.2) - 1)  # Times New Roman 12 as LibreOffice sets it, with a margin
    return sum(max(1, math.ceil(len(part) / chars)) for part in str(text or "").split("\n"))


def fit_height(sheet: Worksheet, row: int, values: list[object], widths: list[float]) -> None:
    lines = max(lines_in(v, w) for v, w in zip(values, widths, strict=False))
    sheet.row_dimensions[row].height = min(MAX_ROW_PT, lines * LINE_PT + 4)


def _title(sheet: Worksheet, heading: Heading, title: str, width: int) -> int:
    """Row 1: the heading block; row 2: the title and its cut-off; row 3 apart; the header goes on row 4."""
    half = max(2, width // 3)
    _block(sheet, 1, 1, half, _rich((heading.body_above, ""), (heading.body, "b"), (heading.number, "")), BOLD)
    _block(sheet, 1, width - max(half, 4) + 1, width,
           _rich((NATION, "b"), (MOTTO, "b"), (heading.place_date, "i")), BOLD)
    sheet.row_dimensions[1].height = 4 * LINE_PT
    _block(sheet, 2, 1, width, f"{title}\n{heading.cutoff}", BOLD)
    sheet.row_dimensions[2].height = (title.count("\n") + 2) * LINE_PT + 6
    sheet.row_dimensions[3].height = 8
    return 4


def _rich(*lines: tuple[str, str]) -> CellRichText:
    """Lines of one cell, each plain, bold ("b") or italic ("i"), as the decree's heading block sets them."""
    blocks = []
    for index, (text, style) in enumerate(lines):
        font = InlineFont(rFont="Times New Roman", sz=12, b="b" in style, i="i" in style)
        blocks.append(TextBlock(font, as_text(text) + ("\n" if index < len(lines) - 1 else "")))
    return CellRichText(blocks)


def _block(sheet: Worksheet, row: int, first: int, last: int, text: str | CellRichText, font: Font) -> None:
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = put(sheet, row, first, text)
    cell.font, cell.alignment = font, TOP_CENTER


def _styled(cell: Cell, font: Font | None = None, border: Border | None = None, alignment: Alignment | None = None,
            fill: PatternFill | None = None) -> None:
    """Sets the cell's font, border, alignment and fill as given. openpyxl hashes each style object on each
    set (most of a workbook's time): a cell whose style and arguments are an earlier cell's takes the ids that
    one got, the same ids the sets would give. The cache keeps the objects, so that no id() is reused."""
    cache = cell.parent.parent.__dict__.setdefault("_nhacviec_styles", {})
    key = (None if cell._style is None else tuple(cell._style), id(font), id(border), id(alignment), id(fill))
    known = cache.get(key)
    if known is not None:
        cell._style = copy(known[0])
        return
    for name, value in (("font", font), ("border", border), ("alignment", alignment), ("fill", fill)):
        if value is not None:
            setattr(cell, name, value)
    cache[key] = (copy(cell._style), font, border, alignment, fill)


def _header(sheet: Worksheet, row: int, headers: list[str], widths: list[float]) -> None:
    for column, header in enumerate(headers, 1):
        _styled(put(sheet, row, column, header), BOLD, BORDER, CENTER)
    fit_height(sheet, row, headers, widths)
    sheet.freeze_panes = sheet.cell(row + 1, 1)
    sheet.print_title_rows = f"{row}:{row}"


def _widths(sheet: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _page_setup(sheet: Worksheet, landscape: bool = True) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left, sheet.page_margins.right = 0.6, 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"


def _task_sheet(sheet: Worksheet, plan: Plan, rows: list[ReportRow], period: ReportingPeriod,
                start: int) -> list[Item]:
    """The items section by section; returns those whose note was cut, for «Ghi chú»."""
    widths = [column.width for column in TASK_COLUMNS]
    _header(sheet, start, [column.header for column in TASK_COLUMNS], widths)
    _widths(sheet, widths)
    row_number, long_notes = start + 1, []
    groups = grouped(rows, period)
    blocks = []
    for key, items in groups.items():
        counted = [i for i in items if i.counted]
        title = section_title(key, plan.sections)
        if key == DUTIES and counted:
            title += f" — số liệu tính vào mục {', '.join(sorted({i.task.section for i in counted}))}"
        blocks.append((title, counted))
    # the earlier periods' parts reported late: apart, so that the sections' rows are the figures' items
    blocks.append((texts.LATE_BLOCK, [i for items in groups.values() for i in items if not i.counted]))
    for title, items in blocks:
        if not items:
            continue
        _section_row(sheet, row_number, title, len(TASK_COLUMNS))
        row_number += 1
        for entry in items:
            values = [column.cell(entry) for column in TASK_COLUMNS]
            if cut(entry.note)[1]:
                long_notes.append(entry)
            _write(sheet, row_number, values, CENTERED)
            fit_height(sheet, row_number, values, widths)
            row_number += 1
    _page_setup(sheet)
    return long_notes


def _section_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for column in range(1, width + 1):
        _styled(sheet.cell(row, column), border=BORDER, fill=SECTION_FILL)
    cell = put(sheet, row, 1, text)
    cell.font, cell.alignment = BOLD, LEFT
    sheet.row_dimensions[row].height = lines_in(text, 180) * LINE_PT + 4


def _write(sheet: Worksheet, row: int, values: list[object], centered: tuple[int, ...]) -> None:
    for column, value in enumerate(values, 1):
        _styled(put(sheet, row, column, value), NORMAL, BORDER, CENTER if column in centered else WRAP)


def _summary_sheet(sheet: Worksheet, plan: Plan, summary: Figures, unit_names: dict[str, str], start: int) -> None:
    columns = SHEET.columns()
    widths = [46] + [11] * len(columns)
    _header(sheet, start, ["Đơn vị, lĩnh vực", *(column.sheet_label for column in columns)], widths)
    _widths(sheet, widths)
    row = start + 1
    blocks = (("Theo đơn vị", [(unit_names.get(c, c), n) for c, n in summary.by_unit.items()]),
              ("Theo mục", [(f"{k}. {plan.sections.get(k, '')}", n) for k, n in summary.by_section.items()]),
              ("Cả kế hoạch", [("Tổng cộng", summary.total)]))
    for heading, lines in blocks:
        _section_row(sheet, row, heading, len(columns) + 1)
        row += 1
        for name, counts in lines:
            values = [name, *SHEET.values(counts)]
            _write(sheet, row, values, centered=tuple(range(2, len(values) + 1)))
            sheet.cell(row, 1).alignment = LEFT
            fit_height(sheet, row, values, widths)
            row += 1
    for column in range(1, len(columns) + 2):
        sheet.cell(row - 1, column).font = BOLD
    _page_setup(sheet, landscape=False)


def _notes_sheet(sheet: Worksheet, heading: Heading, items: list[Item]) -> None:
    """Every note that a cell shows cut, in full, in parts that print one after another."""
    widths = [9, 40, 90]
    _block(sheet, 1, 1, 3, f"GHI CHÚ ĐẦY ĐỦ CỦA CÁC NHIỆM VỤ\n{heading.cutoff}", BOLD)
    sheet.row_dimensions[1].height = 3 * LINE_PT
    _header(sheet, 3, ["TT", "Nội dung công việc", "Ghi chú của đơn vị"], widths)
    _widths(sheet, widths)
    row = 4
    for entry in items:
        parts = _parts(entry.note)
        for index, part in enumerate(parts):
            values = [entry.task.number if index == 0 else "",
                      texts.short_title(entry.task.content, 120) if index == 0 else f"(tiếp, phần {index + 1})", part]
            _write(sheet, row, values, centered=(1,))
            fit_height(sheet, row, values, widths)
            row += 1
    _page_setup(sheet)


def _parts(note: str) -> list[str]:
    words, parts, current = " ".join(note.split()).split(" "), [], ""
    for word in words:
        if len(current) + len(word) + 1 > NOTE_PART and current:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*parts, current] if current else parts


def _signature(sheet: Worksheet, heading: Heading, row: int, width: int) -> None:
    """«Nơi nhận» on the left, the signature block on the right, as in the Word report."""
    half = max(2, width // 3)
    recipients = _rich(("Nơi nhận:", "bi"), *((f"- {line}", "") for line in heading.recipients))
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=half)
    cell = put(sheet, row, 1, recipients)
    cell.font, cell.alignment = Font(name="Times New Roman", size=11), WRAP
    sign = _rich((heading.on_behalf, "b"), (heading.signer, "b"), ("\n\n", ""), (heading.signer_name, "b"))
    _block(sheet, row, width - max(half, 4) + 1, width, sign, BOLD)
    sheet.row_dimensions[row].height = (len(heading.recipients) + 2) * LINE_PT


def _city_title(sheet: Worksheet, title: str, subtitle: str, width: int) -> int:
    for row, (text, font) in enumerate(((title, BOLD), (subtitle, ITALIC)), 1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = put(sheet, row, 1, text)
        cell.font, cell.alignment = font, CENTER
    return 4


def city_workbook(province: str, year: int, rows: list[tuple[str, Counts]], as_of: date) -> bytes:
    """One row per commune, then the city's total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Các xã"
    headers = ["TT", "Xã, phường", *(column.sheet_label for column in CITY_SHEET.columns())]
    start = _city_title(sheet, f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC NĂM {year} CỦA CÁC XÃ, {province.upper()}",
                   f"(Số liệu tính đến ngày {texts.day(as_of)})", len(headers))
    _header(sheet, start, headers, [6, 30] + [12] * (len(headers) - 2))
    for column, width in enumerate([6, 30] + [12] * (len(headers) - 2), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    # the task sheet's centred columns, as this sheet has always had them (its figures would read better all centred)
    total = Counts()
    for index, (commune, counts) in enumerate(rows, 1):
        _write(sheet, start + index, [index, commune, *CITY_SHEET.values(counts)], CENTERED)
        for field in vars(total):
            setattr(total, field, getattr(total, field) + getattr(counts, field))
    _write(sheet, start + len(rows) + 1, ["", "Tổng cộng", *CITY_SHEET.values(total)], CENTERED)
    for column in range(1, len(headers) + 1):
        sheet.cell(start + len(rows) + 1, column).font = BOLD
    _page_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

