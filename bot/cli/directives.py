"""`nhacviec giao FILE`: the tasks of a directive (.docx, .pdf or text: a «Thông báo kết luận», a «Công văn» with a
table of tasks) become assigned tasks of the plan in use, G1, G2 … (plan_data.assigned).

The directive is read by the plan readers (plan_data.readers.importer) with the plan's own units pinned, and
checked as `plan import` checks a plan: nothing is written unless every row is read, every problem is named by
row and column (a deadline not understood, a unit the plan does not know, a row with no content), and on a
refusal the database is as it was. Then, after the same automatic backup, every task is added in one
transaction, today's reminders written for it, and each lead unit's chats told at the next tick.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.cli import texts
from bot.cli.plans import report_refusal
from bot.cli.upkeep import backed_up_first
from bot.core import texts as core_texts
from bot.ops.settings import Settings
from jobs import notify, validity
from plan_data import assigned
from plan_data.folding import fold
from plan_data.model import PlanError, PlanSpec, RowError, TaskSpec
from plan_data.readers.columns import Columns
from plan_data.readers.formats import read_docx, read_pdf, read_text
from plan_data.readers.importer import read_plan
from plan_data.readers.rows import COLUMN_NAMES
from plan_data.units.spec import UnitKind, UnitSpec, name_key
from storage.assigning import add_assigned, numbers_given
from storage.changes import Author
from storage.db import make_engine, make_sessions
from storage.models import Plan, Unit
from storage.queries import pick_plan

DIRECTIVE_AUTHOR = Author("cli", "giao", "Giao từ văn bản", "cli")


def cmd_giao(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    engine = make_engine(settings.database_url)
    try:
        with make_sessions(engine).begin() as session:
            plan = pick_plan(session, args.commune)
            in_use = (plan.commune, plan.year, plan.level, _units(plan))
        tasks, document = _checked(args, *in_use)
        if tasks is None:
            return 1
        with make_sessions(engine).begin() as session:
            twice = _given_before(session, pick_plan(session, args.commune), tasks, document)
        if twice:
            report_refusal(twice, said=(texts.DIRECTIVE_REFUSED_ROWS, texts.DIRECTIVE_REFUSED_FILE))
            return 1
        if not backed_up_first(args, settings, clock):
            return 1
        with make_sessions(engine).begin() as session:
            given = _assign(session, pick_plan(session, args.commune), tasks, document, clock())
    finally:
        engine.dispose()
    print(texts.DIRECTIVE_DONE.format(count=len(given), document=document, commune=in_use[0], year=in_use[1]))
    for number, code, due, content in given:
        print(f"  {number:>5}  {code:<8} {due:<12} {core_texts.short_title(content, 60)}")
    return 0


def _units(plan: Plan) -> tuple[UnitSpec, ...]:
    return tuple(UnitSpec(u.code, u.name, UnitKind(u.kind), u.focal, tuple(u.aliases or ())) for u in plan.units)


def _checked(args: argparse.Namespace, commune: str, year: int, level: str, units: tuple[UnitSpec, ...]
             ) -> tuple[list[TaskSpec] | None, str]:
    """The directive's tasks when every row was read, else None after naming every problem by row and column."""
    try:
        spec = read_plan(args.file, name=commune, year=args.year or year, units=units, level=level)
    except FileNotFoundError:
        errors = [RowError(0, "", core_texts.FILE_NOT_FOUND.format(path=args.file))]
    except IsADirectoryError:
        errors = [RowError(0, "", core_texts.FILE_IS_FOLDER.format(path=args.file))]
    except OSError as problem:
        errors = [RowError(0, "", core_texts.FILE_UNREADABLE.format(path=args.file, why=problem.strerror or problem))]
    except PlanError as refused:
        errors = list(refused.errors)
    else:
        errors = [*spec.warnings, *_unknown_units(args.file, spec), *_done_already(spec)]
        if not errors:
            return list(spec.tasks), (args.document or _document(spec, args.file)).strip()
    report_refusal(errors, said=(texts.DIRECTIVE_REFUSED_ROWS, texts.DIRECTIVE_REFUSED_FILE))
    return None, ""


def _unknown_units(path: Path, spec: PlanSpec) -> list[RowError]:
    """A unit the plan in use does not know (the reader proposed it): named at each row and column it stands in."""
    proposed = [u for u in spec.units if u.proposed]
    if not proposed:
        return []
    source = _source(path)
    columns = source.columns or Columns({})
    errors = []
    for unit in proposed:
        at = [(row, field) for row, cells in source.rows for field, text in columns.cells(cells).items()
              if field in ("lead", "coordinators") and name_key(unit.name) in name_key(text)]
        errors += [RowError(row, "", texts.DIRECTIVE_UNKNOWN_UNIT.format(
            column=COLUMN_NAMES[1 if field == "lead" else 2], name=unit.name)) for row, field in at] or [
            RowError(0, "", texts.DIRECTIVE_UNKNOWN_UNIT.format(column=COLUMN_NAMES[1], name=unit.name))]
    return errors


def _source(path: Path):  # noqa: ANN202 (plan_data.readers.formats.Source)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    return read_text(path.read_text(encoding="utf-8-sig"))


def _done_already(spec: PlanSpec) -> list[RowError]:
    """A row whose time cell says the work is done («Đã ban hành»): nothing to assign."""
    return [RowError(0, t.number, texts.DIRECTIVE_DONE_ALREADY.format(written=t.time_expression))
            for t in spec.tasks if t.schedule.state == "done"]


def _given_before(session, plan: Plan, tasks: list[TaskSpec], document: str) -> list[RowError]:  # noqa: ANN001
    """A task this document already gave the plan (the same directive run twice): named, nothing given again."""
    before = {(fold(t.source_document), fold(t.content)): t.number for t in plan.tasks
              if assigned.is_assigned(t) and not t.retired}
    return [RowError(0, task.number, texts.DIRECTIVE_GIVEN_BEFORE.format(number=number, document=document))
            for task in tasks if (number := before.get((fold(document), fold(task.content))))]


def _document(spec: PlanSpec, path: Path) -> str:
    """The directive's number as its title block writes it («Số: 215/TB-UBND»), else its decision, else the file."""
    found = re.search(r"\bSố\s*:?\s*(\d+/[\w\-]+)", spec.title)
    return found[1] if found else spec.decision or path.name


def _assign(session, plan: Plan, tasks: list[TaskSpec], document: str, now: datetime  # noqa: ANN001
            ) -> list[tuple[str, str, str, str]]:
    """Every task added, today's reminders written, each lead's chats told: (number, lead, due, content)."""
    numbers = assigned.numbers_from(assigned.next_number(numbers_given(session, plan.id)), len(tasks))
    given = []
    for task, number in zip(tasks, numbers, strict=True):
        row = add_assigned(session, plan, assigned.as_assigned(task, number), document, DIRECTIVE_AUTHOR, now)
        due = next((o.due for o in row.occurrences if o.due), None)
        given.append((row.number, task.responsible, core_texts.day(due) if due else "—", task.content))
        told = core_texts.ASSIGN_TOLD.format(
            by=DIRECTIVE_AUTHOR.user_name, number=row.number, content=task.content, lead=task.lead_text,
            coordinators=core_texts.ASSIGN_COORDINATORS.format(names=task.coordinators_text)
            if task.coordinators_text else "", due=core_texts.day(due) if due else "—", source=document)
        notify.notify(session, notify.active_chats(session, plan.id, Unit.code == task.responsible),
                      f"assigned:{row.id}", told, now)
        validity.refresh_today(session, plan, now, [o.id for o in row.occurrences])
    return given
