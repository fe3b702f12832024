"""The board under test: a link's Scope as bot.web.access will give it (the same fields), a resolver from a
table of tokens, the board's routes served by uvicorn on a free port of 127.0.0.1 in a thread, and a page's
figures read back from its data attributes (as a script reading the page would)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from datetime import time as time_of_day
from html.parser import HTMLParser

from sqlalchemy.orm import Session, sessionmaker

from bot.cli.run import status_row
from bot.web.board import routes
from plan_data.access import Scope
from plan_data.light import risk_of
from plan_data.permissions import is_own
from plan_data.zone import VN
from storage.models import Plan, Unit
from storage.queries import plan_tasks
from tests.support.chat import Chat, seeded_chat

# the order every view is compared in (tests/integration/test_agreement.FIELDS)
FIELDS = ("done_on_time", "done_late", "in_term", "at_risk", "overdue", "waiting", "awaiting")


def resolver(tokens: dict[str, Scope]) -> Callable[[str, sessionmaker[Session], Callable[[], datetime]], Scope | None]:
    """A link's token -> its Scope, from a table; any other token is refused (None)."""
    return lambda token, _sessions, _clock: tokens.get(token)


def board_routes(sessions: sessionmaker[Session], tokens: dict[str, Scope], clock: Callable[[], datetime]) -> list:
    return routes(sessions, resolver(tokens), clock)


class _Figures(HTMLParser):
    """Every data-figure's number, under the group it is in: "plan" (the tiles), "unit:CODE", "section:KEY",
    "commune:PLAN_ID" (a table's data-groups and its row's data-group)."""

    def __init__(self) -> None:
        super().__init__()
        self.kind, self.group, self.figure = "", "", ""
        self.found: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("data-groups"):
            self.kind = str(values["data-groups"])
        if tag == "tr" and values.get("data-group") is not None:
            self.group = f"{self.kind}:{values['data-group']}"
        if values.get("data-figure"):
            self.figure = str(values["data-figure"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.kind, self.group = "", ""

    def handle_data(self, data: str) -> None:
        if self.figure and data.strip():
            self.found.setdefault(self.group or "plan", {})[self.figure] = data.strip()
            self.figure = ""


def page_figures(html: str) -> dict[str, dict[str, str]]:
    """Group -> figure key -> the text the page shows for it."""
    parser = _Figures()
    parser.feed(html)
    return parser.found


def page_counts(html: str) -> dict[str, tuple[int, ...]]:
    """Group -> its counts in FIELDS' order, as the page shows them."""
    return {group: tuple(int(figures[key]) for key in FIELDS) for group, figures in page_figures(html).items()
            if all(key in figures for key in FIELDS)}


# ---------------------------------------------------------------- a commune in a known state, and its figures

def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time_of_day(hour), tzinfo=VN)


TODAY = date(2026, 4, 8)  # the pages are looked at on this day
FILE = "bc-quy1-dvsn.docx"
TYPED_TITLE = "Kiểm tra <script>alert(1)</script> & «hồ sơ» một cửa"  # what a person typed, shown as typed


def story(sessions: sessionmaker[Session]) -> Chat:
    """The bundled plan from 05/01 to TODAY: done on time, done late, with a file, progress, a task assigned in
    the chat with a title that is not HTML, and a «giải trình» asked and answered."""
    talk = seeded_chat(sessions, at(date(2026, 1, 5)))
    talk.text("vhxh", "xong 1 đã ban hành", at=at(date(2026, 1, 10)))  # due 14/01: on time
    talk.say("dvsn", "xong BC-dvsn kèm báo cáo", at=at(date(2026, 3, 3)),
             evidence={"type": "document", "file_id": "F9", "file_name": FILE})
    talk.text("kt", "xong 28", at=at(date(2026, 3, 20)))
    talk.text("hcc", "td 18 40% đang cập nhật", at=at(date(2026, 4, 1)))
    talk.text("chutich", f"giao kt: {TYPED_TITLE}, hạn 10/04/2026", at=at(date(2026, 4, 1)))
    talk.text("chutich", "yêu cầu giải trình 17", at=at(date(2026, 4, 6)))
    talk.text("hcc", "giải trình 17: lý do chờ hướng dẫn của thành phố, đề xuất hạn mới 30/04/2026",
              at=at(date(2026, 4, 7)))
    talk.text("vp", "xong BC-vp", at=at(date(2026, 4, 7)))  # Q1's, due 04/03: late
    return talk


def status_counts(session: Session, plan: Plan, day: date, unit: Unit | None = None) -> dict[str, tuple[int, ...]]:
    """`nhacviec status --json`'s rows added up as a script would (tests/integration/test_agreement does the
    same): "plan", "section:KEY", "unit:CODE", each in FIELDS' order; `unit`: its own tasks only."""
    tasks = [t for t in plan_tasks(session, plan) if unit is None or is_own(t, unit)]
    counts: dict[str, list[int]] = {}
    for row in (status_row(t, day, plan.year, risk_of(plan)) for t in tasks):
        for item in row["items"]:
            index = {"done": 0 if item["on_time"] is not False else 1, "in-term": 2,
                     "overdue": 4, "waiting": 5, "undated": 5, "awaiting-confirmation": 6}[item["status"]]
            for key in ("plan", f"section:{row['section']}", f"unit:{row['lead']}"):
                counts.setdefault(key, [0] * 7)[index] += 1
                counts[key][3] += item["light"] == "amber"
    return {key: tuple(values) for key, values in counts.items()}
