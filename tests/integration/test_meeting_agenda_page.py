"""The monthly meeting's agenda prints on one page, however full: agendas composed from parts (0 to 12 tasks a
group, names and units and explanations from a word to a paragraph, Vietnamese throughout) are written by
bot.files.meeting, opened with python-docx, and printed by LibreOffice (tests/support/render.py) one page each.
"""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from docx import Document
from PIL import Image, ImageOps

from bot.files import texts
from bot.files.heading import meeting_heading
from bot.files.meeting import GROUP_ROWS, meeting_document
from plan_data.agenda import AgendaLine, MeetingAgenda
from plan_data.policy import work_calendar
from tests.support.render import render_all

CAL = work_calendar()
DAY = date(2026, 9, 25)
PHRASE = ("Rà soát, đánh giá, công bố, công khai thủ tục hành chính thuộc thẩm quyền giải quyết của UBND xã; "
         "cập nhật cơ sở dữ liệu quốc gia về thủ tục hành chính, cổng dịch vụ công, số hóa hồ sơ, kết quả giải "
         "quyết; tuyên truyền, phổ biến, hướng dẫn người dân, doanh nghiệp thực hiện dịch vụ công trực tuyến")
WORDS = PHRASE.split()
UNITS = ("Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công", "Văn phòng HĐND và UBND xã",
         "Trung tâm Dịch vụ Sự nghiệp công lập và Phát triển quỹ đất của xã")


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def line(rng: random.Random, number: int, due: date, note_words: int) -> AgendaLine:
    unit = SimpleNamespace(code=f"u{number % len(UNITS)}", name=rng.choice(UNITS))
    task = SimpleNamespace(number=rng.choice((str(number), f"{number}.{rng.randint(1, 9)}", f"BC-u{number}", f"G{number}")),
                           content=words(rng, 1, 80), responsible=unit)
    occurrence = SimpleNamespace(due=due, label=rng.choice(("", "Quý III/2026", "6 tháng cuối năm 2026")),
                                 progress=rng.randint(0, 99), status="open", retired=False)
    return AgendaLine(task, occurrence, words(rng, 1, note_words) if note_words and rng.random() < 0.7 else "")


def agenda(rng: random.Random, most: int) -> MeetingAgenda:
    count = lambda: rng.randint(0, most)  # noqa: E731
    return MeetingAgenda(DAY, [line(rng, n, date(2026, 8, rng.randint(1, 31)), 60) for n in range(count())],
                         [line(rng, n, date(2026, 9, 30), 0) for n in range(count())],
                         [line(rng, n, date(2026, 10, rng.randint(1, 31)), 0) for n in range(count())],
                         [line(rng, n, date(2026, 12, 15), 20) for n in range(count())])


def written(agenda_: MeetingAgenda) -> bytes:
    unit_names = {f"u{n}": name for n, name in enumerate(UNITS)}
    when = texts.MEETING_WHEN.format(time="08:00", day=texts.day_with_weekday(DAY))
    return meeting_document(meeting_heading("Nam An Phụ Đông", "Kế hoạch CCHC xã Nam An Phụ Đông", DAY), agenda_,
                            when, unit_names, CAL)


def groups_read_back(data: bytes) -> dict[str, list[list[str]]]:
    """The table's rows under each group's title, as a person reads the document."""
    table = Document(io.BytesIO(data)).tables[-1]  # the first: the heading block
    titles = {title.format(next_month=10): key for key, title in texts.MEETING_GROUPS.items()}
    found: dict[str, list[list[str]]] = {}
    key = None
    for row in table.rows[1:]:
        cells = [cell.text for cell in row.cells]
        if cells[0] in titles:
            key = titles[cells[0]]
            found[key] = []
        else:
            found[key].append(cells)
    return found


def test_a_composed_agenda_reads_back_group_by_group() -> None:
    rng = random.Random(26)
    for _ in range(40):
        composed = agenda(rng, 12)
        found = groups_read_back(written(composed))
        assert list(found) == list(texts.MEETING_GROUPS)
        for key, rows in found.items():
            lines = getattr(composed, key)
            shown = [row for row in rows if row[0].isdigit()]
            assert [row[0] for row in shown] == [str(n) for n in range(1, min(len(lines), GROUP_ROWS) + 1)]
            assert [row[1].split(":")[0] for row in shown] == [
                f"NV {x.task.number}" + (f" ({x.occurrence.label})" if x.occurrence.label else "")
                for x in lines[:GROUP_ROWS]]
            others = [row[0] for row in rows if not row[0].isdigit()]
            if not lines:
                assert others == [texts.MEETING_NONE]
            elif len(lines) > GROUP_ROWS:
                assert others == [texts.MEETING_MORE.format(count=len(lines) - GROUP_ROWS)]
            else:
                assert others == []


def inked(page: Path) -> float:
    image = ImageOps.grayscale(Image.open(page))
    return sum(image.histogram()[:200]) / (image.width * image.height)


def test_the_fullest_agendas_print_on_one_page(tmp_path: Path) -> None:
    rng = random.Random(2026)
    sources = []
    for n in range(8):  # the first two as full as an agenda gets, the rest composed at random
        composed = agenda(rng, 12) if n >= 2 else MeetingAgenda(
            DAY, *[[line(rng, k, date(2026, 8, 3), 80) for k in range(12)] for _ in range(4)])
        if n < 2:  # every name and note at its longest
            for key in ("overdue", "at_risk", "due_next_month", "assigned"):
                for item in getattr(composed, key):
                    item.task.content, item.task.responsible.name = " ".join(WORDS * 3), UNITS[-1]
        sources.append(tmp_path / f"giao-ban-{n}.docx")
        sources[-1].write_bytes(written(composed))
    pages = render_all(sources, tmp_path / "pages")
    for source in sources:
        assert len(pages[source]) == 1, source
        assert inked(pages[source][0]) > 0.01
