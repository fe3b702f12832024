"""The board's pages on SQLite and PostgreSQL, through the board's own routes (Starlette's test client, no
network): a commune in a known state (tests/support/board.story) read back as a script would read the page
(its data attributes) and compared with `nhacviec status --json`'s rows; what each link may open and what it
may not (404: a task or unit outside its scope, a refused link); what a person typed shown as text."""

from __future__ import annotations

import itertools
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from bot.web import texts
from bot.web.app import SECURITY_HEADERS
from plan_data.figure_columns import on_time_rate
from plan_data.figures import Period, plan_figures
from plan_data.light import risk_of
from plan_data.permissions import is_own
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Plan, Task
from storage.queries import plan_tasks, unit_by_code
from tests.support.board import (
    FILE,
    TODAY,
    TYPED_TITLE,
    Scope,
    board_routes,
    page_counts,
    page_figures,
    status_counts,
    story,
)
from tests.support.web import served

_names = itertools.count()


@dataclass
class Answer:
    status_code: int
    headers: Message
    text: str


class Client:
    """GET on the board's server, as a browser would ask (a 404 is an answer, not an error)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def get(self, path: str) -> Answer:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return Answer(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read().decode())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def known(request, tmp_path_factory):
    """The story's commune once per kind of database for the module (the tests only read it), with a second
    commune of the same province, one of another province, and a client holding a link of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('board') / 'board.db'}"
    else:
        url = request.getfixturevalue("postgres").migrated_database(f"board_{next(_names)}")
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessions(engine)
    story(sessions)
    with sessions.begin() as session:
        plan = session.scalars(select(Plan)).one()
        plan_id, province = plan.id, plan.province
    tokens = {"xa": Scope("commune", plan_id, None, None), "hcc": Scope("unit", plan_id, "hcc", None),
              "tp": Scope("city", plan_id, None, province), "tp-khac": Scope("city", None, None, "Tỉnh Khác")}
    with served(board_routes(sessions, tokens, lambda: datetime.combine(TODAY, datetime.min.time(), VN))) as base:
        yield Client(base), sessions, plan_id
    engine.dispose()


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


def test_the_communes_page_counts_as_status_does(known) -> None:
    client, sessions, plan_id = known
    html = page(client, "/b/xa/")
    with sessions() as session:
        expected = status_counts(session, session.get(Plan, plan_id), TODAY)
    assert page_counts(html) == expected  # the whole plan, each section, each unit
    assert {"plan", "unit:hcc", "section:I"} <= set(expected) and expected["plan"][4] >= 1  # something is red


def test_the_red_and_amber_lists_hold_the_items_their_figures_count_each_linked_to_its_task(known) -> None:
    client, _sessions, _plan_id = known
    html = page(client, "/b/xa/")
    whole = page_figures(html)["plan"]
    red = re.search(r'<section class="list red"[^>]*>(.*?)</section>', html, re.S)[1]
    amber = re.search(r'<section class="list amber"[^>]*>(.*?)</section>', html, re.S)[1]
    assert red.count("<li") == int(whole["overdue"]) and amber.count("<li") == int(whole["at_risk"])
    for link in re.findall(r'href="(/b/xa/viec/[^"]+)"', red + amber):
        assert "Các kỳ" in page(client, link)


def test_a_units_page_shows_its_own_tasks_only(known) -> None:
    client, sessions, plan_id = known
    html = page(client, "/b/hcc/")
    with sessions() as session:
        plan = session.get(Plan, plan_id)
        unit = unit_by_code(session, plan_id, "hcc")
        own = {t.number for t in plan_tasks(session, plan) if is_own(t, unit)}
        expected = status_counts(session, plan, TODAY, unit)
    listed = {unquote(number) for number in re.findall(r'href="/b/hcc/viec/([^"]+)"', html)}
    assert listed == own and page_counts(html)["plan"] == expected["plan"]
    assert 'data-groups="unit"' not in html  # one unit: no table of units


@pytest.mark.parametrize("path", ["/b/hcc/viec/BC-vp", "/b/hcc/don-vi/kt", "/b/hcc/xa/1/", "/b/tp/viec/17",
                                  "/b/tp/don-vi/hcc", "/b/xa/xa/1/", "/b/xa/viec/999", "/b/xa/don-vi/chutich",
                                  "/b/tp-khac/xa/{plan}/", "/b/gia-mao/", "/b/gia-mao/viec/17"])
def test_what_a_link_may_not_see_is_not_found(known, path) -> None:
    """A task or unit outside the link's scope, a commune of another province, a refused link: 404, a short page."""
    client, _sessions, plan_id = known
    response = client.get(path.format(plan=plan_id))
    assert response.status_code == 404
    assert texts.NOT_FOUND in response.text or texts.REFUSED in response.text


def test_a_unit_sees_a_task_it_coordinates_as_nv_shows_it(known) -> None:
    client, sessions, plan_id = known
    with sessions() as session:
        unit = unit_by_code(session, plan_id, "hcc")
        related = [t.number for t in plan_tasks(session, session.get(Plan, plan_id))
                   if "hcc" in t.coordinators and not is_own(t, unit)]
    for number in related[:2]:
        assert "Các kỳ" in page(client, f"/b/hcc/viec/{number}")


def test_a_tasks_page_says_its_periods_history_files_and_explanation(known) -> None:
    client, _sessions, _plan_id = known
    overdue = page(client, "/b/xa/viec/17")
    assert "quá hạn" in overdue and "Giải trình" in overdue and "chờ hướng dẫn của thành phố" in overdue
    assert "đề xuất hạn mới 30/04/2026" in overdue and "yêu cầu giải trình" in overdue  # the history's sentence
    with_file = page(client, "/b/xa/viec/BC-dvsn")
    assert FILE in with_file and re.search(r"\d\d:\d\d 03/03/2026 — Nguyễn Văn A \(Telegram\): báo xong", with_file)
    assert "chat-" not in overdue + with_file  # no chat id on a page


def test_what_a_person_typed_is_shown_as_text(known) -> None:
    client, sessions, plan_id = known
    with sessions() as session:
        number = session.scalar(select(Task.number).where(Task.plan_id == plan_id, Task.source == "assigned"))
    html = page(client, f"/b/xa/viec/{number}") + page(client, "/b/xa/")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «hồ sơ»" in html
    assert TYPED_TITLE.split("<")[0] in html


def test_the_citys_page_has_a_line_per_commune_counted_and_sorted(known) -> None:
    client, sessions, plan_id = known
    html = page(client, "/b/tp/")
    with sessions() as session:
        plan = session.get(Plan, plan_id)
        total = plan_figures(plan_tasks(session, plan), TODAY, Period.year(plan.year), risk=risk_of(plan))[1].total
    assert page_counts(html)[f"commune:{plan_id}"] == tuple(getattr(total, f) for f in (
        "done_on_time", "done_late", "in_term", "at_risk", "overdue", "waiting", "awaiting"))
    assert page_figures(html)[f"commune:{plan_id}"]["on_time_rate"] == f"{on_time_rate(total):g}%"
    assert f'href="/b/tp/xa/{plan_id}/"' in html
    commune = page(client, f"/b/tp/xa/{plan_id}/")
    assert page_counts(commune)["plan"] == page_counts(html)[f"commune:{plan_id}"]
    assert f'href="/b/tp/xa/{plan_id}/viec/17"' in commune and "Các kỳ" in page(client, f"/b/tp/xa/{plan_id}/viec/17")
    for sort in ("ten", "qua-han", "nguy-co", "ty-le", "khong-co", "<b>"):
        assert page_counts(page(client, f"/b/tp/?sort={sort}")) == page_counts(html)
    assert texts.NO_COMMUNE.format(province="Tỉnh Khác", year=TODAY.year) in page(client, "/b/tp-khac/")


def test_every_page_is_sent_with_the_boards_headers_and_its_own_stylesheet(known) -> None:
    client, _sessions, plan_id = known
    for path in ("/b/xa/", "/b/hcc/", "/b/tp/", "/b/xa/viec/17", "/b/gia-mao/"):
        response = client.get(path)
        assert {k: response.headers[k] for k in SECURITY_HEADERS} == SECURITY_HEADERS, path
        assert response.headers["cache-control"] == "no-store", path
        assert 'href="/static/board.css"' in response.text and "<script" not in response.text.replace("&lt;script", "")
        assert "style=" not in response.text
    css = client.get("/static/board.css")
    assert css.status_code == 200 and "@media print" in css.text and "@page" in css.text
