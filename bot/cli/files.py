"""`nhacviec report`, `calendar` and `chart`: the files the city takes, written where the person says.

The format follows the name: `--out q1.docx` is the Word report, `--out q1.xlsx` the workbook; a suffix the
command cannot write is refused in one sentence, before anything is built. Without --out, the files take
the names the chat gives them (bot/files/names.py), which carry the commune and the period.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bot.cli import texts as cli_texts
from bot.cli.args import out_refusal, write_out
from bot.files.builders import (
    calendar_file,
    chart_file,
    cutoff_day,
    report_caption,
    report_files,
    report_workbook,
)
from bot.files.names import FORMATS, chosen_format
from bot.files.outfile import OutFile
from bot.ops.settings import Settings
from plan_data.figures import Period, plan_figures, reporting_period
from plan_data.light import risk_of
from plan_data.zone import local_day
from storage import explanations
from storage.db import make_engine, make_sessions
from storage.queries import pick_plan, plan_tasks

Clock = Callable[[], datetime]


def format_refusal(kind: str, command: str, out: Path) -> str:
    formats = " hoặc ".join(cli_texts.FORMAT_NAMES[suffix] for suffix in FORMATS[kind])
    return cli_texts.OUT_FORMAT.format(name=out.name or out, command=command, formats=formats)


def report_outs(out: Path | None, with_docx: bool) -> dict[str, Path | None] | None:
    """Suffix -> where to write it (None: the file's own name, in the current folder); None when refused."""
    if out is None:
        return {".docx": None, ".xlsx": None}
    suffix = chosen_format("report", out)
    if suffix is None:
        return None
    if suffix == ".xlsx" and with_docx:  # the Word report beside the workbook, as `--docx` always did
        return {".xlsx": out, ".docx": out.with_suffix(".docx")}
    return {suffix: out}


def refused_out(paths: list[Path | None]) -> bool:
    """An out path that cannot be written is said before anything is built for it (write_files says the rest)."""
    for path in paths:
        if path is not None and (refusal := out_refusal(path)):
            print(refusal, file=sys.stderr)
            return True
    return False


def write_files(files: list[tuple[OutFile, Path]]) -> int:
    """Each file written and named with its caption; the first that cannot be written is said, in one line."""
    for file, path in files:
        refused = write_out(path, file.data)
        if refused:
            print(refused, file=sys.stderr)
            return 1
        print(f"{file.caption}: {path}")
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """The quarterly, half-year or yearly CCHC report: the Word draft and the workbook, or the one --out names.
    Its facts end at the plan's cut-off (Nghị định 09/2019/NĐ-CP), or on --as-of."""
    outs = report_outs(args.out, args.docx)
    if outs is None:
        print(format_refusal("report", "report", args.out), file=sys.stderr)
        return 2
    if refused_out(list(outs.values())):
        return 1
    today = local_day(clock())
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        kind = "year" if args.whole_year else "half" if args.half else "quarter"
        period = reporting_period(plan.year, args.as_of or today, kind, args.half or args.quarter, cutoff_day(plan),
                                  as_of=args.as_of)
        tasks = plan_tasks(session, plan, with_history=True)
        asked = explanations.of_occurrences(session, [o.id for task in tasks for o in task.occurrences])
        files = report_files(plan, tasks, period, today, asked) if ".docx" in outs else [
            report_workbook(plan, tasks, period, today)]  # only what is asked for: the Word report costs as much
        made = {Path(f.name).suffix: f for f in files}
    print(report_caption(period))
    return write_files([(made[suffix], path or Path(made[suffix].name)) for suffix, path in outs.items()])


def cmd_calendar(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """Every deadline and report date as an .ics calendar."""
    if args.out is not None and chosen_format("calendar", args.out) is None:
        print(format_refusal("calendar", "calendar", args.out), file=sys.stderr)
        return 2
    if refused_out([args.out]):
        return 1
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        file = calendar_file(plan, plan_tasks(session, plan), clock())
    return write_files([(file, args.out or Path(file.name))])


def cmd_chart(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """The whole plan's progress chart as of today, the one «tổng hợp» sends the chairman's chat."""
    if args.out is not None and chosen_format("chart", args.out) is None:
        print(format_refusal("chart", "chart", args.out), file=sys.stderr)
        return 2
    if refused_out([args.out]):
        return 1
    today = local_day(clock())
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        _rows, figures = plan_figures(plan_tasks(session, plan), today, Period.year(plan.year), risk=risk_of(plan))
        file = chart_file(plan, figures)
    return write_files([(file, args.out or Path(file.name))])
