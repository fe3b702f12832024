"""Communes at national scale, quickly: copies of a commune that load_plan wrote, made in SQL.

storage.loader.load_plan costs ~50 ms a commune here (it flushes per task, ~140 round trips), so 3,321
communes through it would take about three minutes of a benchmark that must stay under ten. The first
communes go through load_plan (and its speed is reported); the rest are copied from the first one with
one INSERT … SELECT per table, which gives the same rows load_plan would have written: same units,
tasks, occurrences and dates, fresh ids. PostgreSQL only (generate_series).
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text

from bench.seed import CHATS, commune_name
from storage.models import ChatBinding, Occurrence, Plan, Task, Unit


def _columns(table, *skip: str) -> list[str]:
    return [c.name for c in table.columns if c.name not in ("id", *skip)]


def _quoted(names: list[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{name}"' for name in names)


def _statements() -> list[str]:
    """INSERT … SELECT per table, each keyed on the template's codes and numbers (never on ids)."""
    plan = _columns(Plan.__table__, "commune", "reminders_until")
    unit = _columns(Unit.__table__, "plan_id")
    task = _columns(Task.__table__, "plan_id", "responsible_id")
    occurrence = _columns(Occurrence.__table__, "task_id")
    fresh = ("WITH fresh AS (SELECT id, substring(commune from 7)::int AS number FROM plans "
             "WHERE commune BETWEEN :low AND :high) ")
    chats = ", ".join(f"('{code}', {k})" for k, code in enumerate(CHATS))
    return [
        f"INSERT INTO plans (commune, {_quoted(plan)}) SELECT 'Bench ' || lpad(g::text, 5, '0'), "
        f"{_quoted(plan, 'p')} FROM plans p, generate_series(:first, :last - 1) g WHERE p.id = :template",
        fresh + f"INSERT INTO units (plan_id, {_quoted(unit)}) SELECT fresh.id, {_quoted(unit, 'u')} "
        "FROM units u CROSS JOIN fresh WHERE u.plan_id = :template",
        fresh + f"INSERT INTO tasks (plan_id, responsible_id, {_quoted(task)}) SELECT fresh.id, nu.id, "
        f"{_quoted(task, 't')} FROM tasks t JOIN units tu ON tu.id = t.responsible_id CROSS JOIN fresh "
        "JOIN units nu ON nu.plan_id = fresh.id AND nu.code = tu.code WHERE t.plan_id = :template",
        fresh + f"INSERT INTO occurrences (task_id, {_quoted(occurrence)}) SELECT nt.id, "
        f"{_quoted(occurrence, 'o')} FROM occurrences o JOIN tasks tt ON tt.id = o.task_id CROSS JOIN fresh "
        "JOIN tasks nt ON nt.plan_id = fresh.id AND nt.number = tt.number WHERE tt.plan_id = :template",
        # the same chat ids bench.seed.chat_id gives: -(100 000 000 + 10·commune + unit's index in CHATS)
        fresh + "INSERT INTO chat_bindings (plan_id, unit_id, platform, chat_id, title, active, bound_at, "
        "bound_by) SELECT fresh.id, u.id, 'telegram', (-(100000000 + 10 * fresh.number + c.k))::text, "
        f"'Nhóm ' || c.code, true, now(), 'bench' FROM fresh JOIN units u ON u.plan_id = fresh.id "
        f"JOIN (VALUES {chats}) AS c(code, k) ON c.code = u.code",
    ]


def clone_communes(engine: Engine, template: str, first: int, last: int) -> None:
    """Communes first..last-1 as copies of the commune named `template`, in one transaction."""
    with engine.begin() as connection:
        template_id = connection.scalar(select(Plan.id).where(Plan.commune == template))
        params = {"template": template_id, "first": first, "last": last, "low": commune_name(first),
                  "high": commune_name(last - 1)}
        for statement in _statements():
            connection.execute(text(statement), params)
        connection.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would have after a real import


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {model.__tablename__: connection.scalar(select(func.count()).select_from(model))
                for model in (Plan, Unit, Task, Occurrence, ChatBinding)}
