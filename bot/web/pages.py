"""The board's pages: (a session, the link's scope, today, its URL maker) -> HTML. A page shows only what its
scope may see (a unit: its own tasks, plan_data.permissions.is_own; a task: as «nv N» would show it, Action.VIEW);
anything else is NotInScope, which the server answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.web import texts
from bot.web.city import city_lines, sorted_lines
from bot.web.render import STYLESHEET, render
from bot.web.task_view import task_page
from bot.web.views import Url, board, group
from plan_data.access import city_reach
from plan_data.figures import summed
from plan_data.light import risk_of
from plan_data.permissions import Action, Role, is_own, is_related, may
from plan_data.wording import day
from plan_data.zone import VN
from storage.explanations import of_occurrences
from storage.models import Plan
from storage.queries import plan_tasks, tasks_by_number, unit_by_code

STATIC_PATH = "/static/"


class ScopeLike(Protocol):
    """What a link lets its holder see (bot.web.access.Scope): a commune's plan, one unit of it, or a city."""

    kind: str  # "commune" | "unit" | "city"
    plan_id: int | None
    unit_code: str | None
    province: str | None
    tenant: str  # the chat's plan's: the city sees its communes (plan_data.access.city_reach)


class NotInScope(LookupError):
    """The page asked for is not there, or not the link's to see."""


def _page(template: str, title: str, today: date, **values: Any) -> str:
    return render(template, title=title, as_of=texts.AS_OF.format(today=day(today)),
                  stylesheet=STATIC_PATH + STYLESHEET, **values)


def scope_page(session: Session, scope: ScopeLike, today: date, url: Url, sort: str = "") -> str:
    """The link's own page: its commune's, its unit's, or its city's."""
    if scope.kind == "city":
        return city_page(session, scope, today, url, sort)
    if scope.kind == "unit":
        return unit_page(session, scope, str(scope.unit_code), today, url)
    return commune_page(session, plan_of(session, scope), today, url)


def commune_page(session: Session, plan: Plan, today: date, url: Url, back: str = "") -> str:
    tasks = plan_tasks(session, plan)
    shown = board(tasks, today, plan.year, risk_of(plan), url, plan.sections)
    return _page("commune.html", texts.COMMUNE_TITLE.format(commune=plan.commune, year=plan.year), today,
                 board=shown, back=back, back_label=texts.BACK_CITY)


def unit_page(session: Session, scope: ScopeLike, code: str, today: date, url: Url, back: str = "") -> str:
    """A unit's own tasks (is_own); a unit's link sees only its own unit's page."""
    plan = commune_of(session, scope)
    if scope.kind == "unit" and code != scope.unit_code:
        raise NotInScope(code)
    unit = unit_by_code(session, plan.id, code)
    if unit is None or unit.kind == "role":
        raise NotInScope(code)
    tasks = [t for t in plan_tasks(session, plan) if is_own(t, unit)]
    shown = board(tasks, today, plan.year, risk_of(plan), url, plan.sections, unit_links=False)
    if scope.kind != "unit":
        back = back or url("")
    return _page("commune.html", texts.UNIT_TITLE.format(unit=unit.name, commune=plan.commune, year=plan.year),
                 today, board=shown, back=back, back_label=texts.BACK_COMMUNE)


def task_html(session: Session, scope: ScopeLike, number: str, today: date, url: Url) -> str:
    """A task of the scope's plan, as «nv N» shows it to the scope's chat (Action.VIEW)."""
    plan = commune_of(session, scope)
    found = [t for t in tasks_by_number(session, plan.id, [number], with_history=True)[number] if t.number == number]
    if not found or not _may_view(session, scope, plan, found[0]):
        raise NotInScope(number)
    task = found[0]
    requests = of_occurrences(session, [o.id for o in task.occurrences])
    shown = task_page(task, today, risk_of(plan), VN, requests)
    return _page("task.html", texts.TASK_TITLE.format(number=task.number, commune=plan.commune), today,
                 task=shown, back=url(""), back_label=texts.BACK_LIST)


def _may_view(session: Session, scope: ScopeLike, plan: Plan, task: Any) -> bool:
    if scope.kind != "unit":
        return True  # the chairman's, the focal point's and the city's links see every task of the commune
    unit = unit_by_code(session, plan.id, str(scope.unit_code))
    return unit is not None and may(Role.UNIT, Action.VIEW, responsible=is_own(task, unit),
                                    related=is_related(task, unit))


def city_page(session: Session, scope: ScopeLike, today: date, url: Url, sort: str = "") -> str:
    """Every commune of the city's reach (its tenant, the link's year): a line each, sortable by ?sort=…"""
    year = plan_of(session, scope).year if scope.plan_id is not None else today.year
    province = scope.province or ""
    lines = city_lines(session, city_reach(scope.tenant, province, year), today, lambda plan_id: url(f"xa/{plan_id}/"))
    chosen = sort if sort in texts.SORTS else texts.DEFAULT_SORT
    whole = group(texts.CITY_WHOLE, summed(line.counts for line in lines))
    return _page("city.html", texts.CITY_TITLE.format(province=province or texts.CITY_NO_PROVINCE, year=year), today,
                 lines=sorted_lines(lines, chosen), whole=whole, sorts=texts.SORTS, sort=chosen,
                 empty=texts.NO_COMMUNE.format(province=province, year=year), back="", back_label="")


def commune_of(session: Session, scope: ScopeLike) -> Plan:
    """The plan of a commune's or a unit's link; the city's link opens a commune by its /xa/… (within) first."""
    if scope.kind == "city":
        raise NotInScope("city")
    return plan_of(session, scope)


def plan_of(session: Session, scope: ScopeLike) -> Plan:
    """The scope's plan (a unit's, a commune's, the city chat's own)."""
    plan_id = scope.plan_id
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    if plan is None:
        raise NotInScope(str(plan_id))
    return plan


@dataclass(frozen=True)
class CommuneOf:
    """A commune the city's link opened (city_commune): its pages are seen as the commune's link sees them."""

    plan_id: int
    province: str | None
    tenant: str
    kind: str = "commune"
    unit_code: str | None = None


def within(session: Session, scope: ScopeLike, plan_id: int, today: date) -> CommuneOf:
    """The scope of a commune the city's link may open: one of its reach (its tenant, that year); else NotInScope."""
    plan = session.get(Plan, plan_id)
    year = plan_of(session, scope).year if scope.plan_id is not None else today.year
    reach = city_reach(scope.tenant, scope.province or "", year)
    if scope.kind != "city" or plan is None or not reach.holds(plan.tenant, plan.province, plan.year):
        raise NotInScope(str(plan_id))
    return CommuneOf(plan.id, scope.province, scope.tenant)
