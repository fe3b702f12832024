"""`nhacviec plan check | import | export | show`: a published plan read, rehearsed, loaded and shown.

`plan check` reads the file and rehearses the import in a throwaway database (what import would refuse, check
refuses), and shows what was left open: each row's warning, the units proposed because nobody knew them, the
tasks with no date yet. `plan import` loads it, needing `--accept-units` to create proposed units, and tells
the focal point's chats which tasks wait for a date.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.cli.args import write_out
from bot.cli.tenants import join, known, say_relink
from bot.cli.upkeep import backed_up_first
from bot.core import texts
from bot.ops.settings import Settings
from bot.ops.tenants import Tenant
from plan_data.grammar.frame import Schedule
from plan_data.model import PlanError, PlanSpec, RowError
from plan_data.readers import datafile
from plan_data.readers.importer import read_plan
from plan_data.units.spec import UnitKind, UnitSpec
from storage.db import make_engine, make_sessions
from storage.loader import PROPOSED_REFUSED, LoadSummary, load_plan
from storage.models import Plan
from storage.queries import pick_plan, plan_tasks


def read_or_report(path: Path, as_json: bool = False, args: argparse.Namespace | None = None,
                    clock: Callable[[], datetime] | None = None, settings: Settings | None = None
                    ) -> PlanSpec | None:
    """The plan in the file, or None after saying (in Vietnamese, or as JSON) why it was refused. With `clock`
    the plan is also loaded into a throwaway database and rolled back: what import would refuse, refused here.
    With `settings`, a file that updates a plan in use is read with that plan's units (their codes kept)."""
    try:
        given = _given(args)
        spec = read_plan(path, **given)
        in_use = _in_use(settings, spec, args) if settings is not None and "units" not in given else None
        if in_use is not None:
            spec = read_plan(path, **given, units=in_use[0], level=in_use[1])
        if args is not None and getattr(args, "commune", None):
            spec = spec.for_commune(args.commune.strip())
        if clock is not None:  # check rehearses the import with the proposed units accepted, and shows them
            from storage.loader import rehearse

            rehearse(accepted(spec), clock())
        return spec
    except FileNotFoundError:
        errors = [RowError(0, "", texts.FILE_NOT_FOUND.format(path=path))]
    except IsADirectoryError:
        errors = [RowError(0, "", texts.FILE_IS_FOLDER.format(path=path))]
    except OSError as problem:  # unreadable
        errors = [RowError(0, "", texts.FILE_UNREADABLE.format(path=path, why=problem.strerror or problem))]
    except PlanError as refused:
        errors = list(refused.errors)
    report_refusal(errors, as_json)
    return None


def _in_use(settings: Settings, spec: PlanSpec, args: argparse.Namespace | None
            ) -> tuple[tuple[UnitSpec, ...], str] | None:
    """The units and level of the plan in use this file would update (by the name it states, or --commune),
    or None: no such plan, or no database yet."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.loader import same_plan
    from storage.models import Unit

    name = (getattr(args, "commune", None) or "").strip() or (spec.commune if spec.named else "")
    url = make_url(settings.database_url)
    if not name or (url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file()):
        return None  # reading a plan never makes a database file
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            plan = same_plan(session, name, spec.year)
            if plan is None:
                return None
            rows = session.scalars(select(Unit).where(Unit.plan_id == plan.id).order_by(Unit.id))
            return tuple(UnitSpec(u.code, u.name, UnitKind(u.kind), u.focal, tuple(u.aliases or ())) for u in rows), \
                plan.level
    except SQLAlchemyError:  # no tables yet: nothing is in use
        return None
    finally:
        engine.dispose()


def _given(args: argparse.Namespace | None) -> dict[str, object]:
    """What the command line says in place of the document: name, year, pinned units."""
    if args is None:
        return {}
    given: dict[str, object] = {"name": (getattr(args, "commune", None) or "").strip(),
                                "year": getattr(args, "year", None)}
    if getattr(args, "units", None):
        given["units"] = datafile.read_units(args.units.read_text(encoding="utf-8"))
    return given


def accepted(spec: PlanSpec) -> PlanSpec:
    """The plan with the units it proposed accepted as they are (`plan import --accept-units`)."""
    return replace(spec, units=tuple(replace(u, proposed=False) for u in spec.units))


def report_refusal(errors: list[RowError], as_json: bool = False,
                   said: tuple[str, str] = (texts.PLAN_REFUSED_ROWS, texts.PLAN_REFUSED_FILE)) -> None:
    """Every problem at once; a problem of the whole file is said as one, not counted as a row. `said`: the
    headline for problems in rows, and for a problem of the file (`plan import`'s unless given)."""
    if as_json:
        print(json.dumps({"ok": False, "errors": [{"row": e.row, "task": e.task, "message": e.message}
                                                  for e in errors]}, ensure_ascii=False, indent=2))
        return
    rows = {e.row for e in errors if e.row}
    if rows:
        print(said[0].format(count=len(errors), rows=len(rows)), file=sys.stderr)
    else:
        print(said[1], file=sys.stderr)
    for error in errors:
        print(f"  {error}", file=sys.stderr)


def cmd_plan_check(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    spec = read_or_report(args.file, args.json, args, clock, settings)
    if spec is None:
        return 1
    if args.json:
        print(json.dumps({"ok": True, "commune": spec.commune, "year": spec.year, "title": spec.title,
                          "issuer": spec.issuer, "level": spec.level, "notes": list(spec.notes),
                          "units": [{"code": u.code, "name": u.name, "kind": u.kind.value, "focal": u.focal,
                                     "proposed": u.proposed} for u in spec.units],
                          "warnings": [{"row": w.row, "task": w.task, "message": w.message} for w in spec.warnings],
                          "tasks": [{**schedule_row(t.number, t.responsible, t.schedule), "shown": t.shown or t.number,
                                     "section": t.section, "leads": list(t.leads)} for t in spec.tasks]},
                         ensure_ascii=False, indent=2))
        return 0
    body = sum(1 for t in spec.tasks if t.source != "appendix")
    print(texts.PLAN_CHECK_OK.format(commune=spec.commune, year=spec.year, tasks=len(spec.tasks),
                                     appendix=len(spec.tasks) - body, body=body))
    for note in spec.notes:
        print(f"  Xem lại: {note}")
    _print_open_points(spec)
    print(texts.PLAN_CHECK_UNITS)
    tasked = {code for t in spec.tasks for code in (*t.leads, *t.coordinators, t.responsible)}
    for unit in spec.units:
        kind = texts.UNIT_PROPOSED if unit.proposed else texts.UNIT_KINDS[unit.kind.value]
        if unit.kind is UnitKind.INTERNAL and unit.code not in tasked:
            kind = texts.UNIT_NO_TASK  # a standard body the plan gives nothing: nothing to remind it of
        print(f"  {unit.code:<10} {kind:<12}{' đầu mối' if unit.focal else '':<9} {unit.name}")
    print(texts.PLAN_CHECK_TASKS)
    for task in spec.tasks:
        shown = f"({task.section + ' ' if task.section else ''}TT {task.shown})" if task.shown else task.section
        print(f"  {task.number:>8} {shown:<14} {task.responsible:<8} {task.schedule.kind.value:<9} "
              f"{', '.join(texts.day(d) for d in task.schedule.due) or '—'}  «{task.time_expression}»")
    return 0


def _print_open_points(spec: PlanSpec) -> None:
    """What was left open in reading: each row's warning, the tasks with no date yet, the ones written as done
    (the proposed units are in the notes, and marked in the unit table)."""
    if spec.warnings:
        print(texts.PLAN_CHECK_WARNINGS.format(count=len({w.row for w in spec.warnings})))
        for warning in spec.warnings:
            print(f"  {warning}")
    undated = [t.number for t in spec.tasks if t.undated]
    if undated:
        print(texts.PLAN_UNDATED.format(count=len(undated), numbers=", ".join(undated), first=undated[0],
                                        year=spec.year))
    done = [t.number for t in spec.tasks if t.schedule.state == "done"]
    if done:
        print(texts.PLAN_DONE_AS_WRITTEN.format(count=len(done), numbers=", ".join(done)))


def cmd_plan_import(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    tenant = known(settings, args.tenant) if args.tenant else None
    if args.tenant and tenant is None:
        return 2
    spec = read_or_report(args.file, False, args, settings=settings)
    if spec is None:
        return 1
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    if not spec.named and not args.commune and (plans := _plans_of(engine, spec.year)):
        print(texts.PLAN_NEEDS_NAME.format(plans=", ".join(f"«{p}»" for p in plans)), file=sys.stderr)
        return 1
    if args.accept_units:
        spec = accepted(spec)
    elif any(u.proposed for u in spec.units):
        report_refusal([RowError(0, "", PROPOSED_REFUSED.format(
            units=", ".join(f"{u.name} ({u.code})" for u in spec.units if u.proposed)))])
        return 1
    if not backed_up_first(args, settings, clock):  # what the import changes is copied first
        return 1
    summary = _load(engine, spec, args.apply, clock, tenant)
    if summary is None:
        return 1
    print(texts.PLAN_IMPORTED.format(commune=spec.commune, year=spec.year, created=len(summary.created),
                                     updated=len(summary.updated), unchanged=len(summary.unchanged),
                                     retired=len(summary.retired)))
    _print_open_points(replace(spec, units=()))
    return 0


class _Unconfirmed(Exception):
    """The load would retire or renumber tasks with a history, and --apply was not given: roll it back."""

    def __init__(self, summary: LoadSummary) -> None:
        super().__init__("needs --apply")
        self.summary = summary


def _load(engine, spec: PlanSpec, apply: bool, clock: Callable[[], datetime],  # noqa: ANN001
          tenant: Tenant | None = None) -> LoadSummary | None:
    """The plan loaded in one transaction (into `tenant`, when given), its changes to a plan in use said first;
    None when refused."""
    relink = 0
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with make_sessions(engine).begin() as session:
            summary = load_plan(session, spec, clock())
            if summary.detached and not apply:
                raise _Unconfirmed(summary)
            _tell_focal_of_undated(session, summary.plan_id, spec, clock())
            if tenant is not None:
                relink = join(session, [session.get(Plan, summary.plan_id)], tenant)
    except _Unconfirmed as held:
        _print_diff(held.summary)
        print(texts.PLAN_NEEDS_APPLY.format(count=len(held.summary.detached),
                                            numbers=", ".join(held.summary.detached)), file=sys.stderr)
        return None
    except SQLAlchemyError as refused:  # what the domain checks did not foresee; the transaction rolled back
        report_refusal([RowError(0, "", f"cơ sở dữ liệu từ chối: {getattr(refused, 'orig', refused)}")])
        return None
    _print_diff(summary)
    if tenant is not None:
        say_relink(relink, tenant)
    return summary


def _print_diff(summary: LoadSummary) -> None:
    """What an import changes in a plan already in use: added, edited, renumbered, retired."""
    if not summary.existed:
        return
    found = {"created": summary.created, "updated": summary.updated, "retired": summary.retired,
             "renumbered": [f"{old} → {new}" for old, new in summary.renumbered]}
    parts = [texts.PLAN_DIFF_PARTS[name].format(count=len(items), numbers=", ".join(items[:12])
                                                + (" …" if len(items) > 12 else ""))
             for name, items in found.items() if items]
    print(texts.PLAN_DIFF.format(parts="; ".join(parts)) if parts else texts.PLAN_DIFF_NONE)


def _plans_of(engine, year: int) -> list[str]:  # noqa: ANN001
    from storage.models import Plan

    with make_sessions(engine).begin() as session:
        return list(session.scalars(select(Plan.commune).where(Plan.year == year).order_by(Plan.commune)))


UNDATED_LISTED = 20  # a chat message stays readable on a phone; the rest are counted


def _tell_focal_of_undated(session, plan_id: int, spec: PlanSpec, now: datetime) -> None:  # noqa: ANN001
    """The focal point's chats get the list of tasks with no date yet, sent by the next tick in office hours."""
    from jobs.notify import notify_focal

    undated = [t for t in spec.tasks if t.undated]
    if not undated:
        return
    lines = [texts.UNDATED_LINE.format(number=t.number, content=texts.short_title(t.content, 60),
                                       written=texts.short_title(t.time_expression, 60) or "—")
             for t in undated[:UNDATED_LISTED]]
    if len(undated) > UNDATED_LISTED:
        lines.append(texts.UNDATED_MORE.format(count=len(undated) - UNDATED_LISTED))
    text = texts.UNDATED_AFTER_IMPORT.format(commune=spec.commune, year=spec.year, count=len(undated),
                                             lines="\n".join(lines), first=undated[0].number)
    notify_focal(session, plan_id, f"undated:{int(now.timestamp())}", text, now)


def cmd_plan_export(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    spec = read_or_report(args.file, False, args, settings=settings)
    if spec is None:
        return 1
    refused = write_out(args.out, datafile.dump(spec).encode("utf-8"))
    if refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"Đã ghi {args.out} ({len(spec.tasks)} nhiệm vụ)")
    return 0


def cmd_plan_show(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        print(plan.title or f"Kế hoạch CCHC {plan.commune} năm {plan.year}")
        if plan.decision:
            print(f"({plan.decision})")
        section = None
        for task in plan_tasks(session, plan):
            if task.section != section:
                section = task.section
                print(f"\n{section}. {plan.sections.get(section, '')}" if section else "")
            print(f"  {task.number:>8}  {texts.short_title(task.content)}")
            print(f"            chủ trì: {task.lead_text} · thời gian: {task.time_expression}")
    return 0


def schedule_row(number: str, lead: str, schedule: Schedule) -> dict[str, object]:
    start = schedule.start
    return {"task": number, "lead": lead, "kind": schedule.kind.value,
            "start": start.isoformat() if start else None, "due": [d.isoformat() for d in schedule.due]}
