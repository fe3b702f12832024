"""The city's view (role thanhpho, the tenant's oversight role): every commune of its reach in one answer, and
one spreadsheet with a row per commune. The reach is plan_data.access.city_reach (every commune of the chat's
tenant, none of another's); the figures are each commune's kept ones (storage.commune_figures), the same as the
city's board page. A city chat looks; it changes nothing."""

from __future__ import annotations

from typing import Any

from bot.core import boards, registry, texts
from bot.core.commands import Board, Calendar, Help, Overdue, Report, RevokeBoard, Summary
from bot.core.context import Context, Reply
from bot.files.names import city_name
from bot.files.outfile import OutFile
from plan_data.access import Reach, city_reach
from plan_data.agenda import by_task, overdue_items
from plan_data.figures import Counts
from plan_data.light import risk_of
from plan_data.status import days_late
from plan_data.wording import counts_line

TOP_PER_COMMUNE = 3  # a city has a hundred communes: the oldest few overdue tasks of each are enough


def _no_commune(ctx: Context) -> Reply:
    return Reply(texts.CITY_NO_COMMUNE.format(province=ctx.plan.province, year=ctx.plan.year))


def reach(ctx: Context) -> Reach:
    return city_reach(ctx.plan.tenant, ctx.plan.province, ctx.plan.year)


def overdue(ctx: Context, command: Overdue) -> Reply:
    lines = ctx.store.commune_figures(reach(ctx), ctx.today)
    if not lines:
        return _no_commune(ctx)
    late_ones = [plan.id for plan, counts in lines if counts.overdue]  # only these communes' tasks are read
    found: list[tuple[int, str]] = []
    for plan, tasks in ctx.store.communes(reach(ctx), late_ones) if late_ones else ():
        items = overdue_items(tasks, ctx.today, risk_of(plan))  # every overdue item, as the commune's «tổng hợp» counts them
        if not items:
            continue
        late = sorted(((max(days_late(o, ctx.today) for o in occurrences), t) for t, occurrences in by_task(items)),
                      key=lambda item: -item[0])
        oldest = ", ".join(f"NV {t.number} ({t.responsible.code}, {days} ngày)" for days, t in late[:TOP_PER_COMMUNE])
        light = texts.LIGHT_ICONS[items[0].light]  # every overdue item is red (plan_data.light)
        found.append((len(items), f"{light} {plan.commune}: {len(items)} quá hạn — {oldest}"))
    if not found:
        return Reply(texts.CITY_NOTHING_OVERDUE.format(province=ctx.plan.province, count=len(lines),
                                                       today=texts.day(ctx.today)))
    total = sum(count for count, _ in found)
    header = texts.CITY_OVERDUE_HEADER.format(province=ctx.plan.province, today=texts.day(ctx.today), total=total)
    return Reply("\n".join([header, *(line for _, line in sorted(found, key=lambda item: -item[0]))]))


def figures(ctx: Context) -> list[tuple[str, Counts]]:
    """Each commune of the reach by name, with its year's figures as of today, as kept (storage.commune_figures)."""
    return [(plan.commune, counts) for plan, counts in ctx.store.commune_figures(reach(ctx), ctx.today)]


def summary(ctx: Context, command: Summary) -> Reply:
    rows = figures(ctx)
    if not rows:
        return _no_commune(ctx)
    lines = [texts.CITY_SUMMARY_HEADER.format(province=ctx.plan.province, year=ctx.plan.year,
                                              today=texts.day(ctx.today), count=len(rows)),
             f"({texts.SUMMARY_COLUMNS})"]
    lines += [f"• {name}: {counts_line(c)}" for name, c in rows]
    return Reply("\n".join(lines))


def report(ctx: Context, command: Report) -> Reply:
    from bot.files.workbook import city_workbook  # openpyxl only when a spreadsheet is asked for

    if command.meeting:  # a commune's meeting: the city has none of its own
        return only_overview(ctx, command)
    rows = figures(ctx)
    if not rows:
        return _no_commune(ctx)
    data = city_workbook(ctx.plan.province, ctx.plan.year, rows, ctx.today)
    name = city_name(ctx.plan.province, ctx.today)
    caption = texts.CITY_REPORT_CAPTION.format(province=ctx.plan.province, as_of=texts.day(ctx.today))
    return Reply(caption, files=(OutFile(name, data, caption),))


def help_reply(ctx: Context, command: Help) -> Reply:
    lines = [f"• {word} — {shows}" for word, shows in registry.city_help()]
    return Reply("\n".join([texts.CITY_HELP.format(province=ctx.plan.province), *lines]))


def only_overview(ctx: Context, command: Any) -> Reply:
    return Reply(texts.CITY_ONLY.format(words=", ".join(word for word, _ in registry.city_help())))


# «bảng» and «thu hồi bảng» as any chat's (the city's board shows every commune); «lịch» says the city has none
HANDLERS = {Overdue: overdue, Summary: summary, Report: report, Help: help_reply, Board: boards.board,
            RevokeBoard: boards.revoke, Calendar: boards.calendar}
