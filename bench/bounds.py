"""The sentences under the table: what bounds each missed target, from this run's own figures.

Each finding is written only when the figures it needs were measured, so a partial run (--no-postgres)
still writes a true RESULTS.md.
"""

from __future__ import annotations

from bench.stats import Figure, Results, missed_by

SIGN_HIGHER_IS_BETTER = {"≥": True, "≤": False}


def _find(results: Results, name: str) -> Figure | None:
    return next((f for f in results.figures if f.name == name), None)


def misses(results: Results) -> list[str]:
    out = []
    for figure in results.figures:
        if figure.met is False:
            sign, limit = figure.target.split(" ", 1)
            factor = missed_by(figure, float(limit.replace(",", "")), SIGN_HIGHER_IS_BETTER[sign])
            out.append(f"**Missed**: {figure.name}: {figure.value:,.1f} {figure.unit} against {figure.target} "
                       f"({factor}).")
    return out


def reply_path(results: Results) -> list[str]:
    echo, raw, status = (_find(results, f"SQLite: {name}") for name in (
        "bare echo handler", "raw-SQL handler (same writes)", "product status updates"))
    out = []
    if echo and raw and status:
        out.append(f"(a) On SQLite a status update costs {1000 / status.value:.2f} ms through the product, "
                   f"{1000 / raw.value:.2f} ms through the raw-SQL handler and {1000 / echo.value:.2f} ms through "
                   "the bare echo: PTB and the local Bot API take the echo's share; the rest is the product's own "
                   "handling (the profile below shows where).")
    floor, product = (_find(results, f"PostgreSQL: {name} time ÷ echo time") for name in ("floor", "product status"))
    if floor and product:
        out.append(f"(a) On durable PostgreSQL the floor, the same work in the fewest round trips (2) and one "
                   f"durable commit with no product code at all, is {floor.value:.1f}× the echo in this run, the "
                   f"product (4 round trips: BEGIN, the select, the writes in one pipeline, COMMIT) "
                   f"{product.value:.1f}×: the 2.5× target is bounded by the commit's flush and the round trips, "
                   "not by the product's code.")
    return out


def start_up(results: Results) -> list[str]:
    ready = _find(results, "1 commune (SQLite): `nhacviec run` ready (first getUpdates)")
    resident = _find(results, "1 commune (SQLite): peak RSS of `nhacviec run`, started then stopped")
    imported = _find(results, "import the product (bot.cli.main, bot.channels.telegram): time")
    imported_mb = _find(results, "import the product (bot.cli.main, bot.channels.telegram): peak RSS")
    stubbed = _find(results, "import the product, matplotlib/numpy/openpyxl/alembic stubbed: time")
    stubbed_mb = _find(results, "import the product, matplotlib/numpy/openpyxl/alembic stubbed: peak RSS")
    simulate = _find(results, "`nhacviec simulate` a year, 1 commune, whole process")
    logic = _find(results, "simulate a year, 1 commune (3,716 reminders), in process") or next(
        (f for f in results.figures if f.name.startswith("simulate a year, 1 commune (")), None)
    if not (ready and resident and imported and imported_mb):
        return []
    out = [f"(d) Importing the product takes {imported.value:,.0f} ms of the {ready.value:,.0f} ms to ready, and "
           f"{imported_mb.value:,.0f} MB of the {resident.value:,.0f} MB peak, before any work."]
    if stubbed and stubbed_mb and imported.value - stubbed.value > 50:
        out.append(f"(d) With matplotlib, numpy, openpyxl and alembic left out (stubbed), the import takes "
                   f"{stubbed.value:,.0f} ms and {stubbed_mb.value:,.0f} MB: they are needed only by «tổng hợp», "
                   "«báo cáo» and `nhacviec init`, yet something imports them at start-up.")
    elif stubbed and stubbed_mb:
        out.append("(d) matplotlib, numpy, openpyxl and alembic are not imported at start-up: stubbing them "
                   f"changes the import by {imported.value - stubbed.value:,.0f} ms.")
    if simulate and logic:
        out.append(f"(c) `nhacviec simulate` takes {simulate.value:,.0f} ms as a process, of which the year's "
                   f"logic is {logic.value:,.0f} ms: the rest is the interpreter and the same imports.")
    return out


def _per_scale(results: Results, suffix: str) -> list[Figure]:
    return [f for f in results.figures if f.section == "b" and f.name.endswith(suffix)]


def national(results: Results) -> list[str]:
    """How each cost grew between the smallest and the largest scale, against the communes' growth."""
    planned = _per_scale(results, "reminder rows)")
    per_reminder = _per_scale(results, "08:00 tick, per reminder")
    quiet = _per_scale(results, "10:00 tick, nothing due")
    if len(planned) < 2 or len(per_reminder) < 2 or len(quiet) < 2:
        return []
    first, last = (int(f.name.split(" communes")[0].replace(",", "")) for f in (planned[0], planned[-1]))
    plan_ms = [f.value / n * 1000 for f, n in ((planned[0], first), (planned[-1], last))]
    return [f"(b) From {first:,} to {last:,} communes ({last / first:.0f}×): plan_ahead per commune went from "
            f"{plan_ms[0]:.1f} to {plan_ms[1]:.1f} ms ({plan_ms[1] / plan_ms[0]:.1f}×), the 08:00 tick per "
            f"reminder from {per_reminder[0].value:.2f} to {per_reminder[-1].value:.2f} ms "
            f"({per_reminder[-1].value / per_reminder[0].value:.1f}×), the 10:00 tick from {quiet[0].value:.1f} "
            f"to {quiet[-1].value:.1f} ms ({quiet[-1].value / quiet[0].value:.1f}×). A cost per unit that grows "
            "with the communes is a query that scans a table instead of following an index (see the profiles)."]


def all_findings(results: Results) -> list[str]:
    return misses(results) + reply_path(results) + national(results) + start_up(results)
