"""The city's page: a line per commune of the province (as the city's chat picks them: the plans of that year
with tasks), each counted by the domain's one count, and the lines sorted."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy.orm import Session

from bot.web.views import Group, group
from plan_data.figure_columns import on_time_rate
from plan_data.figures import Period, plan_figures
from plan_data.folding import fold
from plan_data.light import Risk, risk_of
from storage.overview import communes_overview


def city_lines(session: Session, province: str, year: int, today: date, link: Callable[[int], str]) -> list[Group]:
    """Each commune's line, by name: its counts (plan_figures, the year of the plan, as of today) and its link.
    The communes' tasks in one query (storage.overview); a commune's amber rule is its plan's (risk_of), made
    once per distinct policy: most communes keep the default."""
    risks: dict[str, Risk] = {}
    lines = []
    for plan, tasks in communes_overview(session, province, year):
        key = json.dumps(plan.policy, sort_keys=True, default=str)
        risk = risks.get(key) or risks.setdefault(key, risk_of(plan))
        counts = plan_figures(tasks, today, Period.year(year), risk=risk)[1].total
        lines.append(group(plan.commune, counts, link(plan.id), str(plan.id)))
    return lines


def sorted_lines(lines: Sequence[Group], sort: str) -> list[Group]:
    """The lines in the order asked (bot.web.texts.SORTS), worst first; ties by name."""
    keys: dict[str, Callable[[Group], tuple]] = {
        "qua-han": lambda g: (-g.counts.overdue, -g.counts.at_risk, fold(g.name)),
        "nguy-co": lambda g: (-g.counts.at_risk, -g.counts.overdue, fold(g.name)),
        "ty-le": lambda g: (_rate(g), -g.counts.overdue, fold(g.name)),
        "ten": lambda g: (fold(g.name),),  # «Đông Hòa» among the D's, not after Z
    }
    return sorted(lines, key=keys.get(sort, keys["qua-han"]))


def _rate(line: Group) -> float:
    rate = on_time_rate(line.counts)
    return 101.0 if rate is None else rate  # nothing to judge yet: after every commune that has something
