"""Every view of the figures agrees, on any day of any history (assigned tasks «giao» among its tasks): the
chat's «tổng hợp», the chart, `nhacviec status --json`, the workbook's summary sheet for the year, the Word
report's table, Monday's digest, the city's figures and the leaders' board (a commune's page on the web, and the city's page from the figures kept); the
four states and the amber share of «trong hạn» («có nguy cơ chậm») alike. And «quá hạn» never lists a task that is closed, every line of it red. The figures
come from one function (plan_data.figures.plan_figures); these tests read
each view as a person or a script would, and compare."""

from __future__ import annotations

import io
import itertools
import json
import re
from datetime import date, datetime, time, timedelta

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.context import Incoming, Reply
from bot.core.service import respond
from bot.files.builders import cutoff_day, report_files
from bot.web.city import city_lines
from bot.web.pages import commune_page
from jobs.notices import digest
from plan_data.access import city_reach
from plan_data.figures import reporting_period
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.status import is_closed
from plan_data.tenants import DEFAULT
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.models import Occurrence, Plan, Task
from storage.queries import plan_tasks, unit_by_code
from tests.conftest import VN
from tests.support.board import page_counts, status_counts

SPEC = read_plan(BUNDLED_PLAN)
UNITS = ("vhxh", "vp", "kt", "hcc", "dvsn")
OVERSEERS = ("chutich", "vhxh")
# the four states, amber among «trong hạn», and the asides: what every view is compared on
FIELDS = ("done_on_time", "done_late", "in_term", "at_risk", "overdue", "waiting", "awaiting")
# «3 / 0 / 12 (🟠 3) / 5 (+1 chờ duyệt) (+2 chưa có hạn)»: đúng hạn / trễ hạn / trong hạn (🟠) / quá hạn, asides
FOUR = re.compile(r"(?P<done_on_time>\d+) / (?P<done_late>\d+) / (?P<in_term>\d+) \(🟠 (?P<at_risk>\d+)\) / "
                  r"(?P<overdue>\d+)(?: \(\+(?P<awaiting>\d+) chờ duyệt\))?(?: \(\+(?P<waiting>\d+) chưa có hạn\))?$")
# the files' headers (the workbook's summary sheet, the Word report's table)
HEADERS = {"Đúng hạn": "done_on_time", "Hoàn thành đúng hạn": "done_on_time", "Trễ hạn": "done_late",
           "Hoàn thành trễ hạn": "done_late", "Trong hạn": "in_term", "Trong đó: có nguy cơ chậm": "at_risk",
           "Quá hạn": "overdue", "Chưa có hạn": "waiting", "Chờ duyệt": "awaiting"}
_communes = itertools.count()


class Commune:
    """One commune's plan in a shared database, with a chat for every unit and role, and the city's chat."""

    def __init__(self, sessions: sessionmaker[Session], confirmation: bool) -> None:
        self.sessions = sessions
        self.name = f"Xã Thử {next(_communes)}"
        start = datetime(2026, 1, 2, 8, tzinfo=VN)
        with sessions.begin() as session:
            self.plan_id = load_plan(session, SPEC.for_commune(self.name), start).plan_id
            session.get(Plan, self.plan_id).require_confirmation = confirmation
            for code in (*UNITS, "chutich", "thanhpho"):
                bind_directly(session, unit_by_code(session, self.plan_id, code), "telegram", self.chat(code),
                              code, start)

    def chat(self, code: str) -> str:
        return f"{self.plan_id}-{code}"

    def say(self, code: str, text: str, at: datetime) -> Reply:
        reply = respond(Incoming("telegram", self.chat(code), f"u-{code}", f"Cán bộ {code}", text, addressed=True),
                        self.sessions, at)
        assert reply is not None
        return reply


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN)


# ---------------------------------------------------------------- each view, read as its reader would


def chat_line(line: str) -> tuple[int, ...] | None:
    """A chat line's figures in FIELDS' order; None when it has none."""
    match = FOUR.search(line)
    return tuple(int(match[field] or 0) for field in FIELDS) if match else None


def chat_figures(reply: Reply, commune: Commune) -> dict[str, tuple[int, ...]]:
    """«tổng hợp»'s lines: the plan, each section ("I"), each unit (by name), each with its asides."""
    with commune.sessions.begin() as session:
        names = {u.name: u.code for u in session.get(Plan, commune.plan_id).units}
    found: dict[str, tuple[int, ...]] = {}
    for line in reply.text.splitlines():
        match = FOUR.search(line)
        if not match:
            continue
        six = chat_line(line)
        head = line[:match.start()].rstrip(": ")
        if head.startswith("Cả kế hoạch"):
            found["plan"] = six
        elif re.match(r"^[A-Z]+\. ", head):  # "IV.", and "G." of the tasks assigned in the chat
            found[f"section:{head.split('.')[0]}"] = six
        else:
            found[f"unit:{names[head]}"] = six
    return found


def chart_figures(reply: Reply) -> dict[str, tuple[int, ...]]:
    [chart] = [f for f in reply.files if f.kind == "photo"]
    data = json.loads(Image.open(io.BytesIO(chart.data)).info["Description"])

    def figures(values: list[int]) -> tuple[int, ...]:  # a bar draws trong hạn as its green and amber segments
        segment = dict(zip(data["series"], values, strict=True))
        segment["in_term"] = segment["on_track"] + segment["at_risk"]
        return tuple(segment[field] for field in FIELDS)

    found = {f"unit:{code}": figures(values) for code, values in data["units"].items()}
    found |= {f"section:{key}": figures(values) for key, values in data["sections"].items()}
    return found


def status_figures(commune: Commune, day: date) -> dict[str, tuple[int, ...]]:
    """`nhacviec status --json`'s rows, as a script would add them up."""
    with commune.sessions.begin() as session:
        return status_counts(session, session.get(Plan, commune.plan_id), day)


def year_files(commune: Commune, day: date) -> tuple[bytes, bytes]:
    """The year's workbook and Word report as of the day, as «báo cáo năm» makes them (one call builds both)."""
    with commune.sessions.begin() as session:
        plan = session.get(Plan, commune.plan_id)
        period = reporting_period(2026, day, "year", cutoff_day=cutoff_day(plan), as_of=day)
        book, report = report_files(plan, plan_tasks(session, plan, with_history=True), period, day)
    return book.data, report.data


def names_of(commune: Commune) -> tuple[dict[str, str], dict[str, str]]:
    """Unit name -> code, and «I. Title» -> section key, as the files write them."""
    with commune.sessions.begin() as session:
        plan = session.get(Plan, commune.plan_id)
        return {u.name: u.code for u in plan.units}, {f"{k}. {v}": k for k, v in plan.sections.items()}


def workbook_figures(commune: Commune, data: bytes) -> dict[str, tuple[int, ...]]:
    """The workbook's summary sheet, read with openpyxl."""
    names, sections = names_of(commune)
    # read_only: openpyxl parses the one sheet read, not the task sheet as well
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    found, columns = {}, {}
    for row in book["Tổng hợp"].iter_rows(values_only=True):
        if row[0] == "Đơn vị, lĩnh vực":
            columns = {HEADERS[header]: index for index, header in enumerate(row) if header in HEADERS}
        if not isinstance(row[1], int):
            continue
        name = row[0]
        key = "plan" if name == "Tổng cộng" else f"unit:{names[name]}" if name in names else f"section:{sections[name]}"
        found[key] = tuple(row[columns[field]] for field in FIELDS)
    return found


def document_figures(commune: Commune, data: bytes) -> dict[str, tuple[int, ...]]:
    """The Word report's table of figures, read with python-docx."""
    names, _sections = names_of(commune)
    [table] = [t for t in docx.Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text == "Nội dung"]
    header = [cell.text for cell in table.rows[0].cells]
    columns = {HEADERS[text]: index for index, text in enumerate(header) if text in HEADERS}
    found = {}
    for row in table.rows[1:]:
        cells = [cell.text for cell in row.cells]
        name = cells[0]
        key = "plan" if name == "Tổng cộng" else f"section:{name.removeprefix('Mục ')}" if name.startswith(
            "Mục ") else f"unit:{names[name]}"
        found[key] = tuple(int(cells[columns[field]]) for field in FIELDS)
    return found


def city_figures(commune: Commune, day: date) -> tuple[int, ...]:
    """The city's «tổng hợp»: this commune's line."""
    text = commune.say("thanhpho", "tổng hợp", at(day, 16)).text
    line = next(line for line in text.splitlines() if line.startswith(f"• {commune.name}:"))
    return chat_line(line)


def city_page_figures(commune: Commune, day: date) -> tuple[int, ...]:
    """The board's city page: this commune's line, from the figures kept (storage.commune_figures)."""
    with commune.sessions() as session:
        province = session.get(Plan, commune.plan_id).province
        lines = city_lines(session, city_reach(DEFAULT, province, 2026), day, str)
    return next(tuple(getattr(line.counts, field) for field in FIELDS) for line in lines if line.name == commune.name)


def board_figures(commune: Commune, day: date) -> dict[str, tuple[int, ...]]:
    """The board's page of the commune, read from its data attributes as a script reading the page would."""
    with commune.sessions() as session:
        html = commune_page(session, session.get(Plan, commune.plan_id), day, lambda path: f"/b/t/{path}")
    return page_counts(html)


def overdue_counted(text: str) -> int:
    """How many overdue items a list says it holds («quá hạn», the digest): its header's count."""
    found = re.search(r"Quá hạn \(tính đến [^)]*\): (\d+) mục", text)
    return int(found[1]) if found else 0


def assert_views_agree(commune: Commune, day: date) -> None:
    reply = commune.say("chutich", "tổng hợp", at(day, 16))
    chat = chat_figures(reply, commune)
    status = status_figures(commune, day)
    book, document = year_files(commune, day)
    assert chat == status, day
    assert workbook_figures(commune, book) == status, day
    assert document_figures(commune, document) == status, day
    assert chart_figures(reply) == {k: v for k, v in status.items() if k != "plan"}, day
    assert city_figures(commune, day) == status["plan"], day
    assert board_figures(commune, day) == status, day
    assert city_page_figures(commune, day) == status["plan"], day
    overdue = status["plan"][4]  # one overdue set: every list counts the items «tổng hợp» counts
    assert overdue_counted(commune.say("chutich", "quá hạn", at(day, 16)).text) == overdue, day
    with commune.sessions.begin() as session:
        weekly = digest(session, session.get(Plan, commune.plan_id), at(day, 16)).text
    assert overdue_counted(weekly) == overdue, day
    [figures_line] = [line for line in weekly.splitlines() if line.startswith("📊 Cả kế hoạch")]
    assert chat_line(figures_line) == status["plan"], day


def assert_overdue_lists_nothing_closed(commune: Commune, day: date) -> None:
    overdue: set[str] = set()  # the task numbers with an item open past its date, read once for every chat's list
    with commune.sessions.begin() as session:
        for number, occurrence in session.execute(select(Task.number, Occurrence).join(Occurrence.task)
                                                  .where(Task.plan_id == commune.plan_id)):
            if not is_closed(occurrence) and occurrence.due and occurrence.due < day:
                overdue.add(number)
    for who in OVERSEERS + UNITS:
        text = commune.say(who, "quá hạn", at(day, 16)).text
        numbers = re.findall(r"^🔴 (?!Quá hạn \()(\S+) ", text, re.M)  # the lines, not the header
        assert not re.search(r"^[🟠🟢•] ", text, re.M), (who, day)  # every line of «quá hạn» is red
        assert set(numbers) <= overdue, (who, set(numbers) - overdue, day)


# ---------------------------------------------------------------- random histories

# deadlines, windows, quarterly reports, and ongoing tasks (reported each quarter: plan_data.periods)
# and tasks assigned in the chat (G1, G2 …: «giao», issue 26), once a history has given them
NUMBERS = ("1", "3", "13", "17", "18", "19", "22", "24.1", "24.2", "BC-hcc", "BC-dvsn", "BC-vp", "KH-kt", "G1", "G2")
ACTIONS = st.one_of(
    st.tuples(st.just("giao"), st.sampled_from(OVERSEERS), st.sampled_from(UNITS), st.integers(0, 90)),
    st.tuples(st.just("xong"), st.sampled_from(UNITS + OVERSEERS), st.sampled_from(NUMBERS)),
    st.tuples(st.just("hoàn tác"), st.sampled_from(UNITS + OVERSEERS), st.sampled_from(NUMBERS)),
    st.tuples(st.just("td"), st.sampled_from(UNITS), st.sampled_from(NUMBERS), st.integers(0, 100)),
    st.tuples(st.just("gia hạn"), st.sampled_from(OVERSEERS), st.sampled_from(NUMBERS), st.integers(1, 60)),
    st.tuples(st.just("duyệt"), st.just("vhxh"), st.sampled_from(NUMBERS)),
)
HISTORY = st.lists(st.tuples(st.integers(0, 364), ACTIONS), min_size=1, max_size=14)


def message(action: tuple, day: date) -> str:
    word, _who, number, *rest = action
    if word == "giao":  # `number` is the lead unit here
        return f"giao {number}: Nhiệm vụ được giao thử, hạn {day + timedelta(days=rest[0]):%d/%m/%Y}, theo CV 1/UBND"
    if word == "td":
        return f"td {number} {rest[0]}%"
    if word == "gia hạn":
        later = day + timedelta(days=rest[0])
        return f"gia hạn {number} {later:%d/%m/%Y} lý do thử"
    return f"{word} {number}"


def run_history(commune: Commune, history: list, checkpoints: list[int]) -> None:
    start = date(2026, 1, 1)
    steps = sorted(history, key=lambda step: step[0])
    days = sorted({offset for offset, _ in steps} | set(checkpoints))
    for offset in days:
        day = start + timedelta(days=offset)
        for _, action in (s for s in steps if s[0] == offset):
            commune.say(action[1], message(action, day), at(day))
        if offset in checkpoints:
            assert_views_agree(commune, day)
            assert_overdue_lists_nothing_closed(commune, day)


@pytest.fixture
def shared(sessions) -> sessionmaker[Session]:
    """One database per test run of the property; each example gets a commune of its own in it."""
    return sessions


# 10 histories for each kind of database: 5 in plans that ask the focal point to confirm what units report, 5
# in plans that do not (one test each, so that the suite's workers share them)
@pytest.mark.parametrize("confirmation", [False, True])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(history=HISTORY, checkpoints=st.lists(st.integers(0, 364), min_size=1, max_size=3, unique=True))
def test_every_view_gives_the_same_figures_on_any_day(shared, confirmation, history, checkpoints) -> None:
    run_history(Commune(shared, confirmation), history, checkpoints)


# ---------------------------------------------------------------- the cases seen in trials


def test_late_quarterly_reports_still_count_as_late_on_31_march(sessions) -> None:
    """BC-dvsn done late on 05/03 and BC-hcc on 20/03 (due 04/03): every view says 2 done late on 31/03,
    as the quarterly report does, and not 0 because next quarter's report stands in for them."""
    commune = Commune(sessions, confirmation=False)
    with sessions.begin() as session:  # issue 13: facts to the quarter's last day, not the decree's 14/03 cut-off
        session.get(Plan, commune.plan_id).policy = {"report_cutoff_day": 0}
    commune.say("dvsn", "xong BC-dvsn", at(date(2026, 3, 5)))
    commune.say("hcc", "xong BC-hcc", at(date(2026, 3, 20)))
    day = date(2026, 3, 31)
    assert_views_agree(commune, day)
    assert status_figures(commune, day)["plan"][1] == 2
    quarter = commune.say("vhxh", "báo cáo quý 1", at(day, 16))
    book = openpyxl.load_workbook(io.BytesIO(quarter.files[0].data))
    total = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Tổng cộng")
    assert total[2] == 2


def test_awaiting_confirmation_is_not_overdue_anywhere(sessions) -> None:
    """With confirmation on, «xong 17» on 06/04 leaves 17 awaiting: reminders stop, and neither the chairman's
    «quá hạn» nor the Monday digest lists it as overdue."""
    commune = Commune(sessions, confirmation=True)
    day = date(2026, 4, 6)
    before = commune.say("chutich", "quá hạn", at(day, 8)).text
    assert re.search(r"^🔴 17 ", before, re.M)
    assert "chờ đầu mối CCHC duyệt" in commune.say("hcc", "xong 17", at(day)).text
    assert not re.search(r"^🔴 17 ", commune.say("chutich", "quá hạn", at(day, 10)).text, re.M)
    with sessions.begin() as session:
        monday = digest(session, session.get(Plan, commune.plan_id), at(day, 10)).text
    assert not re.search(r"^. 17 ", monday, re.M)
    assert_views_agree(commune, day)
    assert status_figures(commune, day)["plan"][6] == 1  # awaiting, counted as such


def test_amber_is_counted_alike_in_every_view_and_progress_ahead_of_time_takes_it_off(sessions) -> None:
    """27/02: the quarterly reports due 04/03 are 3 working days away with nothing reported: amber («có nguy
    cơ chậm») in every view, and on each one's page. hcc reports 95 %, more than the 92 % of its window
    (01/01–04/03) spent: its report is on track, one amber fewer everywhere. Lists go red, amber, green."""
    commune = Commune(sessions, confirmation=False)
    day = date(2026, 2, 27)
    amber = status_figures(commune, day)["plan"][3]
    assert amber >= 3
    assert_views_agree(commune, day)
    assert "🟠 trong hạn, có nguy cơ chậm" in commune.say("hcc", "nv BC-hcc", at(day)).text
    commune.say("hcc", "td BC-hcc 95%", at(day))
    assert status_figures(commune, day)["plan"][3] == amber - 1
    assert_views_agree(commune, day)
    assert "🟢 trong hạn, 95%" in commune.say("hcc", "nv BC-hcc", at(day)).text
    listed = commune.say("chutich", "viec tat ca a", at(day, 16)).text
    lights = [line[0] for line in listed.splitlines() if line[:1] in ("🔴", "🟠", "🟢")]
    assert "🟠" in lights and lights == sorted(lights, key=("🔴", "🟠", "🟢").index)
