"""The monthly meeting's agenda («giao ban») as a one-page Word document, in the look of Nghị định 30/2020/NĐ-CP:
the issuing body and the national heading, the place and date, the title, then one table of the agenda's groups
(plan_data.agenda.meeting_agenda): overdue with their explanation, at risk, due next month, assigned this month.

One page, by bounds rather than by hope: each group shows at most GROUP_ROWS tasks (then a line "… và N nhiệm
vụ khác"), and every cell of a task's row is cut to what two lines of its column hold at TABLE_PT (CHARS), so
that sixteen rows of two lines, the groups' own rows and the heading fit A4's 257 mm of text. The chat's lists
and the quarterly report carry the whole names and explanations. tests/integration/test_meeting_agenda_page.py
prints the fullest agendas, and agendas composed at random, with LibreOffice and counts their pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from bot.files import texts
from bot.files.document import FONT, LEFT_MM, RIGHT_MM, _cell_lines, _heading_block, _para, _widths
from bot.files.heading import Heading
from plan_data.agenda import AgendaLine, MeetingAgenda, next_month
from plan_data.status import days_late
from plan_data.workdays import WorkCalendar

GROUP_ROWS = 4  # tasks shown per group: four groups of four, and the page still holds its heading
WIDTHS_MM = (8, 68, 30, 20, 39)  # TT, task, unit, due, note: the text width, 165 mm
CHARS = {"task": 76, "unit": 30, "note": 42}  # two lines of each column, less its cell margins, at TABLE_PT
TABLE_PT, HEADING_PT = 10, 13


def meeting_document(heading: Heading, agenda: MeetingAgenda, when: str, unit_names: dict[str, str],
                     calendar: WorkCalendar) -> bytes:
    """`when`: the meeting's line (time, day, who attends)."""
    document = Document()
    _page(document)
    _heading_block(document, heading)
    _para(document, after=0, size=8)
    for text, size in ((heading.kind, 14), (heading.summary, 14)):
        _para(document, text, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(document, when, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _table(document, agenda, unit_names, calendar)
    _para(document, texts.MEETING_CLOSING, italic=True, size=12, after=0)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document) -> None:
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(HEADING_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after, style.paragraph_format.line_spacing = Pt(0), 1.0
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)


def _table(document, agenda: MeetingAgenda, unit_names: dict[str, str], calendar: WorkCalendar) -> None:
    table = document.add_table(rows=1, cols=len(texts.MEETING_HEADERS))
    table.style, table.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, texts.MEETING_HEADERS, strict=True):
        _cell_lines(cell, [(header, True, False, TABLE_PT)])
    _widths(table, WIDTHS_MM)  # before the rows: each new row takes the grid's widths, a merged one their sum
    month_after = next_month(agenda.day).month
    for key, title in texts.MEETING_GROUPS.items():
        lines: list[AgendaLine] = getattr(agenda, key)
        _merged(table, title.format(next_month=month_after), bold=True)
        if not lines:
            _merged(table, texts.MEETING_NONE, italic=True)
        for number, line in enumerate(lines[:GROUP_ROWS], 1):
            unit = unit_names.get(line.task.responsible.code, line.task.responsible.name)
            _row(table, [str(number), _name(line), texts.short_title(unit, CHARS["unit"]),
                         texts.day(line.occurrence.due), texts.short_title(_note(key, line, agenda.day, calendar),
                                                                           CHARS["note"])])
        if len(lines) > GROUP_ROWS:
            _merged(table, texts.MEETING_MORE.format(count=len(lines) - GROUP_ROWS), italic=True)


def _name(line: AgendaLine) -> str:
    label = f" ({line.occurrence.label})" if line.occurrence.label else ""
    return texts.short_title(f"NV {line.task.number}{label}: {line.task.content}", CHARS["task"])


def _note(key: str, line: AgendaLine, today: date, calendar: WorkCalendar) -> str:
    if key == "overdue":
        if line.note:
            return texts.MEETING_EXPLAINED.format(text=line.note)
        return texts.MEETING_UNEXPLAINED.format(days=days_late(line.occurrence, today))
    if key == "at_risk":
        days = calendar.working_days_between(today, line.occurrence.due)
        return texts.MEETING_AT_RISK.format(days=days, progress=line.occurrence.progress or 0)
    if key == "assigned" and line.note:
        return texts.MEETING_SOURCE.format(source=line.note)
    return ""


def _row(table, values: Sequence[str]) -> None:
    cells = table.add_row().cells
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        _cell_lines(cell, [(value, False, False, TABLE_PT)])
        if index == 1:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT


def _merged(table, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """A row across the table: a group's title, "Không có", or how many more tasks the group has."""
    row = table.add_row()
    cell = row.cells[0].merge(row.cells[-1])
    _cell_lines(cell, [(text, bold, italic, TABLE_PT)])
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
