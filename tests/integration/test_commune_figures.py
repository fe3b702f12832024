"""The city's page reads each commune's figures kept (storage.commune_figures): after every kind of change, and
after days pass, what it shows is what the domain's one count says of the commune now; a row not current is
never shown, and a change committed while a reader counts leaves the row not current.

Changes are drawn from parts (a kind of change, a task, days between them) with a seeded generator, the same
history on SQLite and on PostgreSQL; each is followed by a look at the page."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bot.web.city import city_lines
from plan_data.access import city_reach
from plan_data.figures import Counts, Period, plan_figures
from plan_data.light import risk_of
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.tenants import DEFAULT
from plan_data.zone import VN
from storage import commune_figures
from storage.loader import load_plan
from storage.models import CommuneFigures, Plan
from storage.queries import pick_plan, plan_tasks
from tests.support.chat import seeded_chat
from tests.support.seeded_rows import seed_once

NOW = datetime(2026, 1, 5, 9, tzinfo=VN)
NUMBERS = ("1", "3", "13", "17", "18", "19", "22", "24.1", "BC-hcc", "KH-kt")
OTHER = "Xã Bên Cạnh"  # a second commune of the province: its row must stay as it is while the first changes


def said(kind: str, number: str, day: date, draw: random.Random) -> tuple[str, str]:
    """(the chat, what it says) for one change of this kind."""
    return {"xong": ("vhxh", f"xong {number}"),
            "td": ("chutich", f"td {number} {draw.choice((10, 50, 90))}%"),
            "gia hạn": ("chutich", f"gia hạn {number} {day + timedelta(days=draw.randint(5, 60)):%d/%m/%Y} lý do thử"),
            "hoàn tác": ("vhxh", f"hoàn tác {number}"),
            "giao": ("chutich", f"giao kt: Việc giao thử {number}, hạn {day + timedelta(days=20):%d/%m/%Y}, theo CV 1/UBND"),
            }[kind]


def fresh(sessions, day: date) -> dict[str, Counts]:
    """Every commune's figures counted now, as bot.core.city counts them."""
    with sessions.begin() as session:
        plans = session.scalars(select(Plan).order_by(Plan.commune)).all()
        return {plan.commune: plan_figures(plan_tasks(session, plan), day, Period.year(plan.year), risk=risk_of(plan))[1].total
                for plan in plans}


def page(sessions, day: date) -> dict[str, Counts]:
    with sessions() as session:
        province = pick_plan(session, "Nam An Phụ").province
        return {line.name: line.counts for line in city_lines(session, city_reach(DEFAULT, province, 2026), day, str)}


def assert_page_is_current(sessions, day: date) -> None:
    assert page(sessions, day) == fresh(sessions, day), day
    with sessions.begin() as session:  # and what the look kept is current: counted at the version, as of the day
        for row in session.scalars(select(CommuneFigures)):
            assert (row.counted, row.as_of) == (row.version, day), row.plan_id


def seeded(sessions):
    chat = seeded_chat(sessions, NOW)

    def other() -> None:
        with sessions.begin() as session:
            load_plan(session, read_plan(BUNDLED_PLAN).for_commune(OTHER), NOW)

    seed_once(sessions.kw["bind"], ("commune_figures", NOW), other)
    return chat


def reimport_without_its_last_task(sessions, day: date) -> None:
    spec = read_plan(BUNDLED_PLAN)
    with sessions.begin() as session:
        load_plan(session, replace(spec, tasks=spec.tasks[:-1]), datetime.combine(day, time(10), tzinfo=NOW.tzinfo))


def test_the_citys_page_says_a_fresh_count_after_each_kind_of_change_and_each_day(sessions, database_kind) -> None:
    chat = seeded(sessions)
    draw = random.Random(f"commune-figures-{database_kind}")
    kinds = ["xong", "td", "gia hạn", "hoàn tác", "giao", "import", "policy", "xong", "td", "gia hạn"]
    draw.shuffle(kinds)
    day = NOW.date()
    assert_page_is_current(sessions, day)  # the first look: every row made
    for kind in kinds:
        day += timedelta(days=draw.choice((0, 0, 1, 17, 45)))  # the same day, or after midnight(s)
        if kind == "import":
            reimport_without_its_last_task(sessions, day)
        elif kind == "policy":
            with sessions.begin() as session:
                pick_plan(session, "Nam An Phụ").policy = {"at_risk_days": draw.choice((2, 10))}
        else:
            who, text = said(kind, draw.choice(NUMBERS), day, draw)
            chat.say(who, text, at=datetime.combine(day, time(9), tzinfo=NOW.tzinfo))
        assert_page_is_current(sessions, day)


def test_a_change_committed_while_a_reader_counts_leaves_the_row_not_current(sessions) -> None:
    chat = seeded(sessions)
    day = NOW.date()
    with sessions.begin() as session:
        plan = pick_plan(session, "Nam An Phụ")
        province, plan_id = plan.province, plan.id
    page(sessions, day)  # the rows made, current
    with sessions.begin() as session:  # a reader saw the version, and counts...
        seen = {plan_id: session.get(CommuneFigures, plan_id).version}
        counted = commune_figures.count(session, city_reach(DEFAULT, province, 2026), day, seen)
    chat.say("vhxh", "xong 17")  # ...while a chat's change commits
    with sessions.begin() as session:  # what it counted is not kept as current
        commune_figures.keep(session.connection(), counted, seen, day)
    with sessions.begin() as session:
        row = session.get(CommuneFigures, plan_id)
        assert row.counted != row.version
    assert_page_is_current(sessions, day)


def test_the_engine_counts_the_day_of_the_plans_it_writes(sessions) -> None:
    seeded(sessions)
    day = NOW.date() + timedelta(days=40)
    with sessions.begin() as session:
        ids = list(session.scalars(select(Plan.id)))
    assert commune_figures.refresh(sessions, ids, day) == len(ids)
    with sessions.begin() as session:
        rows = session.scalars(select(CommuneFigures)).all()
        assert {row.plan_id for row in rows} == set(ids)
        assert all((row.counted, row.as_of) == (row.version, day) for row in rows)
    assert_page_is_current(sessions, day)


def test_the_table_has_a_column_for_every_figure_of_the_domain() -> None:
    columns = set(CommuneFigures.__table__.columns.keys())
    assert {f.name for f in fields(Counts)} <= columns
    assert set(commune_figures.FIELDS) == {f.name for f in fields(Counts)}
