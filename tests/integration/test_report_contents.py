"""What the quarterly reports say, read back from a season of use (tests.support.season): each report states its
period and lists what was done in it, a late report for an earlier period is listed as such and counted nowhere,
the workbook's sheets reconcile to the cell, task names are whole, every blank is marked and a table's header
repeats on every page (issue 23, «Files as the city takes them»)."""

from __future__ import annotations

import io
import re
from collections import Counter

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from bot.files import texts
from bot.files.heading import BLANK
from bot.files.report_lines import full_name
from storage.queries import pick_plan, plan_tasks
from tests.support.season import played_season, season_reports

SUMMARY_STATUS = {  # the summary sheet's columns (after the name) by the task sheet's status words
    "Đúng hạn": 0, "Trễ hạn": 1, "Trong hạn": 2, "Quá hạn": 4, "Chờ duyệt": 5, "Chưa có hạn": 6,
}
AMBER, AMBER_COLUMN = "Trong hạn, có nguy cơ chậm", 3  # in term, and counted again in «trong đó» beside it


@pytest.fixture(scope="module")
def played() -> dict[str, tuple]:
    """The season played once per database kind for the module: every test reads the same two reports and
    none writes, so the season (most of a test's time) is not played again for each."""
    return {}


@pytest.fixture
def season(database_kind, played, request):
    if database_kind not in played:
        sessions = request.getfixturevalue("sessions")
        files = season_reports(played_season(sessions))
        with sessions.begin() as session:
            tasks = {t.number: t for t in plan_tasks(session, pick_plan(session))}
            names = {number: full_name(task) for number, task in tasks.items()}
        played[database_kind] = files, names
    files, names = played[database_kind]  # each test opens the files afresh
    return {q: (Document(io.BytesIO(f[".docx"])), openpyxl.load_workbook(io.BytesIO(f[".xlsx"])))
            for q, f in files.items()}, names


def _lists(document) -> dict[str, list[str]]:
    """Section II's lists, merged over the areas: {list title: its lines}."""
    found: dict[str, list[str]] = {}
    title = None
    for paragraph in document.paragraphs:
        text = paragraph.text
        if text.startswith("III. "):
            break
        heading = re.match(r"^[a-zđ]\) (.+): \d+ nhiệm vụ$", text)
        if heading:
            title = heading[1]
            found.setdefault(title, [])
        elif text.startswith("- Nhiệm vụ ") and title:
            found[title].append(text)
    return found


def _numbers(lines: list[str]) -> list[str]:
    """«18 (Quý II/2026)» or «17» for each line."""
    return [re.match(r"- Nhiệm vụ (\S+(?: \(Quý [IV]+/\d{4}\))?)", line)[1] for line in lines]


def test_each_report_states_its_period_and_lists_what_was_done_in_it(season) -> None:
    (reports, _) = season
    q1, q2 = (_lists(reports[q][0]) for q in ("q1", "q2"))
    done = texts.REPORT_LISTS["this-period"]
    before = texts.REPORT_LISTS["earlier"]
    assert sorted(_numbers(q1[done])) == sorted(["1", "18 (Quý I/2026)", "24.2 (Quý I/2026)", "BC-vp (Quý I/2026)",
                                                 "BC-dvsn (Quý I/2026)"])
    # Q2 lists what was finished between its cut-offs; task 1, done in January, is said to be from before
    assert sorted(_numbers(q2[done])) == sorted(["17", "18 (Quý II/2026)", "29", "BC-vp (Quý II/2026)"])
    assert _numbers(q2[before]) == ["1"] and "10/01/2026" not in " ".join(q2[done])
    # undone reports count nowhere: task 30 and BC-dvsn's Q2 report are not done in any list
    finished = q2[done] + q2[before] + q2.get(texts.REPORT_LISTS["awaiting-confirmation"], [])
    assert not [n for n in _numbers(finished) if n.startswith(("30", "BC-dvsn"))]
    for quarter, roman in (("q1", "I"), ("q2", "II")):
        paragraphs = [p.text for p in reports[quarter][0].paragraphs]
        assert any(p.startswith(f"Kỳ báo cáo: quý {roman} năm 2026 (từ ngày") for p in paragraphs)


def test_a_late_report_for_an_earlier_period_is_listed_as_such_and_counted_nowhere(season) -> None:
    (reports, _) = season
    late = texts.REPORT_LISTS["late"]
    q1_lists, q2_lists = _lists(reports["q1"][0]), _lists(reports["q2"][0])
    assert late not in q1_lists  # on 31/03 nothing of an earlier period was sent late
    overdue_q1 = _numbers(q1_lists[texts.REPORT_LISTS["overdue"]])
    assert "BC-hcc (Quý I/2026)" in overdue_q1 and "19 (Quý I/2026)" in overdue_q1
    lines = q2_lists[late]
    assert sorted(_numbers(lines)) == ["19 (Quý I/2026)", "BC-hcc (Quý I/2026)"]
    bc = next(line for line in lines if line.startswith("- Nhiệm vụ BC-hcc"))
    assert "báo cáo Quý I/2026 nộp muộn ngày 05/06/2026" in bc
    sheet = reports["q2"][1]["Nhiệm vụ"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    block = next(i for i, r in enumerate(rows) if r[0] == texts.LATE_BLOCK)
    after = [r for r in rows[block + 1:] if r[1]]
    assert [(r[0], r[12]) for r in after] == [("19", "Báo cáo Quý I/2026 nộp muộn ngày 15/04/2026"),
                                              ("BC-hcc", "Báo cáo Quý I/2026 nộp muộn ngày 05/06/2026")]


def _counted_rows(sheet) -> dict[str, list[tuple]]:
    """The task sheet's item rows by section number, up to the late block or the signature."""
    sections: dict[str, list[tuple]] = {}
    current = None
    for row in sheet.iter_rows(min_row=5, values_only=True):
        first = row[0]
        if first == texts.LATE_BLOCK or (isinstance(first, str) and first.startswith("Nơi nhận")):
            break
        heading = re.match(r"^([IVX]+)\. ", first) if isinstance(first, str) and not row[1] else None
        if heading:
            current = heading[1]
            sections[current] = []
        elif current and row[1]:
            sections[current].append(row)
    return sections


def _tally(rows: list[tuple]) -> list[int]:
    counts = [0] * (len(SUMMARY_STATUS) + 2)
    for row in rows:
        status, timing = row[6], row[8]
        if status == AMBER:
            counts[AMBER_COLUMN] += 1
            status = "Trong hạn"
        key = timing if status == "Đã hoàn thành" else status
        key = {"Chờ đầu mối duyệt": "Chờ duyệt", "Chờ sự kiện để có hạn": "Chưa có hạn",
               "Chưa rõ thời hạn": "Chưa có hạn"}.get(key, key)
        counts[SUMMARY_STATUS[key]] += 1
    counts[-1] = len(rows)
    return counts


def test_the_workbooks_sheets_reconcile_to_the_cell(season) -> None:
    """Each section's rows on the task sheet, counted by status, are that section's line on the summary sheet;
    and the duties' rows (VIII) count in the sections they belong to."""
    (reports, _) = season
    for quarter in ("q1", "q2"):
        book = reports[quarter][1]
        sections = _counted_rows(book["Nhiệm vụ"])
        duties = sections.pop("VIII", [])
        summary = {}
        for row in book["Tổng hợp"].iter_rows(min_row=5, values_only=True):
            found = re.match(r"^([IVX]+)\. ", row[0] or "")
            if found and row[1] is not None:
                summary[found[1]] = list(row[1:9])
        assert set(sections) == set(summary), quarter
        duty_sections = {}
        for duty in duties:  # a duty's section is the one its number counts in: BC/KH → I, KP → VI
            duty_sections.setdefault("VI" if duty[0].startswith("KP-") else "I", []).append(duty)
        for key, rows in sections.items():
            assert _tally(rows + duty_sections.get(key, [])) == summary[key], (quarter, key)
        total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
        every = [r for rows in sections.values() for r in rows] + duties
        assert _tally(every) == list(total[1:9]), quarter


def test_the_word_report_writes_every_task_name_whole(season) -> None:
    (reports, names) = season
    for quarter in ("q1", "q2"):
        for lines in _lists(reports[quarter][0]).values():
            for line in lines:
                number = re.match(r"- Nhiệm vụ (\S+)", line)[1]
                assert names[number].strip().rstrip(".;") in line, (quarter, number)
                assert "…" not in line


def test_every_blank_is_marked_and_every_tables_header_repeats(season) -> None:
    (reports, _) = season
    for quarter in ("q1", "q2"):
        document = reports[quarter][0]
        runs = [r for p in document.paragraphs for r in p.runs]
        runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
        blanks = [r for r in runs if r.text == BLANK]
        assert blanks and all(r.font.highlight_color for r in blanks)
        placeholders = [r for r in runs if r.text.startswith("[")]
        assert placeholders and all(r.font.highlight_color for r in placeholders)
        # no blank left unmarked: a number before "/BC-UBND", a day before "tháng" with only spaces
        for paragraph in document.paragraphs:
            unmarked = "".join("▮" if r.font.highlight_color else r.text for r in paragraph.runs)
            assert not re.search(r"Số:\s*/|ngày\s+tháng|tháng\s+năm", unmarked), paragraph.text
        gridded = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
        assert gridded
        for table in gridded:
            properties = table.rows[0]._tr.trPr
            assert properties is not None and properties.find(qn("w:tblHeader")) is not None
        statuses = Counter(r[6] for r in reports[quarter][1]["Nhiệm vụ"].iter_rows(min_row=5, values_only=True)
                           if r[1] and r[6])
        assert "Thường xuyên" not in statuses  # every line is a status of the figures
