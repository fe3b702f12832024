"""A task's page as plain data: its periods, its history in the chat's sentences (bot.core.history), the
product files sent with its reports, its person and its «giải trình». States and lights are the domain's
(plan_data.status, plan_data.light); where a request stands, plan_data.explanations'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from bot.core.history import history_lines
from bot.web import texts
from bot.web.views import MARKS, state_words
from plan_data.explanations import standing
from plan_data.figures import as_of
from plan_data.light import Risk, light_of
from plan_data.people import display
from plan_data.status import Status, done_on, status_of
from plan_data.wording import day, state_icon


@dataclass(frozen=True)
class PeriodLine:
    """One occurrence of a task: its period, its date (and the plan's own, when extended), where it stands."""

    label: str
    due: str
    planned: str
    mark: str  # the CSS class of its sign: red, amber, green, done, awaiting, waiting, undated
    state: str
    light: str
    done: str


@dataclass(frozen=True)
class Asked:
    """A «giải trình»: asked by whom, when, due when, where it stands, and the unit's answer."""

    period: str
    asked: str
    by: str
    due: str
    standing: str
    answered: str
    reason: str
    proposed: str


@dataclass(frozen=True)
class TaskPage:
    number: str
    section: str
    group_title: str
    content: str
    lead: str
    coordinators: str
    time_expression: str
    product: str
    notes: tuple[tuple[str, str], ...]
    unit: str
    person: str
    periods: tuple[PeriodLine, ...]
    history: tuple[str, ...]
    files: tuple[str, ...]
    asked: tuple[Asked, ...]


def task_page(task: Any, today: date, risk: Risk, zone: tzinfo, requests: Sequence[Any] = ()) -> TaskPage:
    """`task` with its occurrences, their changes, its unit and its person loaded; `requests`, the «giải trình»
    of its occurrences (storage.explanations.of_occurrences)."""
    live = [o for o in task.occurrences if not o.retired]
    changes = [c for o in task.occurrences for c in o.changes]
    labels = {o.id: o.label for o in task.occurrences}
    return TaskPage(task.number, task.section, task.group_title, task.content, task.lead_text, task.coordinators_text,
                    task.time_expression, task.product, tuple((str(a), str(b)) for a, b in task.notes or ()),
                    task.responsible.name, display(task.person) if task.person is not None else "",
                    tuple(period_line(task, o, today, risk) for o in live),
                    tuple(line.strip() for line in history_lines(changes, zone, len(changes))),
                    tuple(name for o in live for name in as_of(o, today, history=True).evidence),
                    tuple(asked(r, labels.get(r.occurrence_id, ""), today, zone) for r in requests if not r.withdrawn))


def period_line(task: Any, occurrence: Any, today: date, risk: Risk) -> PeriodLine:
    status, light = status_of(occurrence, task.kind, today), light_of(occurrence, task.kind, today, risk)
    state = state_words(status, light, occurrence, today)
    extended = occurrence.due and occurrence.planned_due and occurrence.due != occurrence.planned_due
    done = f"{day(done_on(occurrence))} ({occurrence.done_by})" if status is Status.DONE and occurrence.done_at else ""
    return PeriodLine(occurrence.label, day(occurrence.due), day(occurrence.planned_due) if extended else "",
                      MARKS[state_icon(status.value, light.value)], state, light.value, done)


def asked(request: Any, period: str, today: date, zone: tzinfo) -> Asked:
    answered = request.answered_at.astimezone(zone).date() if request.answered_at else None
    return Asked(period, day(request.asked_at.astimezone(zone).date()), request.asked_by, day(request.due),
                 texts.STANDING[standing(request, today).value], day(answered) if answered else "",
                 request.reason, day(request.proposed_due) if request.proposed_due else "")
