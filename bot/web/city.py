"""The city's page: a line per commune of its reach (plan_data.access.city_reach, as the city's chat picks them:
the plans of its tenant that year with tasks), each with the figures of the domain's one count as kept (storage.commune_figures), and the lines
sorted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy.orm import Session

from bot.web.views import Group, group
from plan_data.access import Reach
from plan_data.figure_columns import on_time_rate
from plan_data.folding import fold
from storage import commune_figures


def city_lines(session: Session, reach: Reach, today: date, link: Callable[[int], str]) -> list[Group]:
    """Each commune's line, by name: its counts (plan_figures, the year of the plan, as of today, with its amber
    rule) and its link. The figures kept for every commune, read in one query; a commune's not current (changed
    since, or counted another day) counted now and kept (storage.commune_figures)."""
    return [group(plan.commune, counts, link(plan.id), str(plan.id))
            for plan, counts in commune_figures.of_reach(session, reach, today)]


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
