"""(b) The reminder engine from 100 to 3,321 communes (every commune of Vietnam) on one PostgreSQL.

At each scale: the day's plan_ahead, and the event loop's worst stall while it runs; the 08:00 burst, whole
up to 1,000 communes and over its first CAP reminders beyond, with the loop's worst stall; the 10:00 tick,
when nothing is due. At the largest scale: check-ins, report reminders and digests on their own days.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from bench import marks, ticks
from bench.clone import clone_communes, counts
from bench.profiling import profile_async, profile_call
from bench.seed import commune_name, load_communes, mark_all_sent, reset_day
from bench.stats import Figure, Results, at_most
from jobs.claims import claim
from jobs.engine import settle_heap
from jobs.rows import materialize
from storage.models import Plan

SCALES = (100, 1000, 3321)
LOADED = 20  # communes written by load_plan itself; the rest are copies (bench/clone.py)
CAP = 2000  # the 08:00 burst measured beyond WHOLE_BURST communes: 20 batches of the engine's 100
WHOLE_BURST = 1000  # up to this many communes the 08:00 burst is measured whole, not extrapolated
KIND_CAP = 1000  # check-ins, report reminders, digests: the first of each kind measured
LARGEST_PLAN_AHEAD_RUNS = 2  # 30–60 s each at 3,321 communes: two keep the whole run under ten minutes


def grow(url: str, engine: Engine, have: int, want: int, results: Results) -> int:
    """Brings the database to `want` communes; the first LOADED go through load_plan, timed."""
    if have == 0:
        seconds = load_communes(url, 0, LOADED, workers=1)
        results.add(Figure("b", "storage.loader.load_plan, one commune (PostgreSQL)", "ms",
                           [seconds / LOADED * 1000], note=f"{LOADED} communes in {seconds:.1f} s, one process"))
        have = LOADED
    if want > have:
        clone_communes(engine, commune_name(0), have, want)
    return want


def measure_scale(sessions: sessionmaker[Session], communes: int, results: Results, runs: int,
                  targets: bool, largest: bool) -> tuple[float, int]:
    """Figures for one scale; returns the 08:00 burst's seconds of engine work (measured whole up to
    WHOLE_BURST communes, else from its first CAP reminders), and its reminders."""
    settle_heap()  # as `nhacviec run` does once started: the process holds this scale's database now
    planned, rows = ticks.plan_ahead_runs(sessions, min(runs, LARGEST_PLAN_AHEAD_RUNS) if largest else runs)
    planning = results.add(Figure("b", f"{communes:,} communes: plan_ahead, the day ({rows:,} reminder rows)", "s",
                                  planned))
    if largest:
        at_most(planning, 5)
    took, stall = ticks.planning_stall(sessions)
    if largest:
        explain_claim(sessions, results, communes)
    at_most(results.add(Figure("b", f"{communes:,} communes: the loop's worst stall while the day is planned", "ms",
                               [stall * 1000], note=f"the tick that plans the day took {took:.1f} s; the worst "
                               "lateness of a coroutine sleeping 1 ms")), 100)
    whole = communes <= WHOLE_BURST
    morning, sent, stalls = ticks.morning_runs(sessions, 1 if whole and communes > 100 else runs,
                                               None if whole else CAP)
    per_reminder = [s / sent for s in morning]
    name = "whole 08:00 tick" if sent == rows else f"08:00 tick, first {sent:,} of {rows:,} reminders"
    results.add(Figure("b", f"{communes:,} communes: {name}", "s", morning))
    cost = results.add(Figure("b", f"{communes:,} communes: 08:00 tick, per reminder", "ms",
                              [p * 1000 for p in per_reminder]))
    if targets:
        at_most(cost, 0.3)
    at_most(results.add(Figure("b", f"{communes:,} communes: the loop's worst stall during the 08:00 burst", "ms",
                               [s * 1000 for s in stalls])), 100)
    unvacuumed, quiet = ticks.quiet_runs(sessions, 5)
    results.add(Figure("b", f"{communes:,} communes: 10:00 tick right after the burst, before vacuum", "ms",
                       [q * 1000 for q in unvacuumed]))
    quiet_figure = results.add(Figure("b", f"{communes:,} communes: 10:00 tick, nothing due", "ms",
                                      [q * 1000 for q in quiet], note="after VACUUM ANALYZE, as autovacuum"))
    at_most(quiet_figure, 100)  # the idle tick's own target, checked against the idle tick
    return sum(per_reminder) / len(per_reminder) * rows, rows


def measure_kinds(sessions: sessionmaker[Session], communes: int, results: Results, runs: int) -> None:
    """The reminders that read more than their own task: check-ins and report reminders (the plan's report
    dates, its focal point) and the Monday digest (the whole plan)."""
    for day, kinds, label in ((ticks.CHECKIN_DAY, ("checkin",), "check-ins"),
                              (ticks.CHECKIN_DAY, ("report",), "report reminders"),
                              (ticks.DIGEST_DAY, ("digest",), "digests")):
        per_reminder, sent = ticks.kind_runs(sessions, day, kinds, KIND_CAP, runs)
        results.add(Figure("b", f"{communes:,} communes: 08:00 tick, per reminder, {label} only", "ms",
                           [p * 1000 for p in per_reminder], note=f"{sent:,} {label}, {day:%d/%m/%Y}"))


def run(url: str, engine: Engine, sessions: sessionmaker[Session], results: Results,
        scales: tuple[int, ...] = SCALES, runs: int = 3) -> None:
    have, burst, rows = 0, 0.0, 0
    for communes in scales:
        have = grow(url, engine, have, communes, results)
        if communes == scales[0]:
            marks.run(sessions, results, f"PostgreSQL, {communes:,} communes", runs)
        burst, rows = measure_scale(sessions, communes, results, runs, targets=communes in (scales[0], scales[-1]),
                                    largest=communes == scales[-1])
    explain_quiet(sessions, results, scales[-1])  # before the kinds' days, which leave the 31st unplanned
    measure_kinds(sessions, scales[-1], results, runs)
    size = counts(engine)
    results.notes.append(
        f"(b) At {scales[-1]:,} communes the database holds {size['tasks']:,} tasks, {size['occurrences']:,} "
        f"occurrences and {size['chat_bindings']:,} bound chats. The 08:00 burst is {burst:.0f} s of engine "
        "work; at Telegram's 30 messages a second it cannot go out in less than "
        f"{rows / 30 / 60:.0f} minutes ({rows:,} messages), whatever the engine costs.")
    profile_morning(sessions, results, scales[-1])
    profile_quiet(sessions, results, scales[-1])
    profile_materialize(sessions, results, scales[-1])  # last: it leaves the day half planned


def explain_quiet(sessions: sessionmaker[Session], results: Results, communes: int) -> None:
    """Every statement of the 10:00 tick, EXPLAINed as PostgreSQL plans it: none may scan `plans` or
    `reminders` (the tick runs every 30 s all day; a scan grows with the communes)."""
    mark_all_sent(sessions, ticks.MORNING)
    ticks.vacuum(sessions)
    engine, _ = ticks.engine_at(sessions, ticks.QUIET)
    plans = explained(sessions, lambda: ticks.tick_seconds(engine))
    scans = [f"`{statement[:90]}…`: {line}" for statement, plan in plans for line in plan
             if "Seq Scan on plans" in line or "Seq Scan on reminders" in line]
    results.notes.append(f"(b) The 10:00 tick at {communes:,} communes runs {len(plans)} statements; "
                         "EXPLAIN "
                         + ("finds a sequential scan of plans or reminders in none of them." if not scans else
                            "finds sequential scans: " + "; ".join(scans)))


def explain_claim(sessions: sessionmaker[Session], results: Results, communes: int) -> None:
    """The 08:00 claim's statements on the day just planned, as PostgreSQL plans them: the pending rows
    are read down their index in order (no scan, no sort of the day), which holds only while the planner
    knows how many rows are pending; plan_ahead refreshes its statistics for that."""
    def one_claim() -> None:
        with sessions() as session:  # rolled back: the day stays as planned
            claim(session, ticks.MORNING, 100)

    plans = explained(sessions, one_claim)
    shapes = [f"`{statement[:60]}…`: " + " → ".join(shape(plan)) for statement, plan in plans]
    results.notes.append(f"(b) The first 08:00 claim at {communes:,} communes, right after plan_ahead, runs "
                         f"{len(plans)} statements, as EXPLAIN plans them (estimated rows): " + "; ".join(shapes))


def shape(plan: list[str]) -> list[str]:
    """A plan's nodes, outermost first, each with its estimated rows: "Limit (100)", "Sort (1)"."""
    return [f"{line.removeprefix('->').split('(cost=')[0].strip()} ({line.split('rows=')[1].split()[0]})"
            for line in plan if "(cost=" in line and "rows=" in line]


def explained(sessions: sessionmaker[Session], run: Callable[[], object]) -> list[tuple[str, list[str]]]:
    """The statements `run` sends (SELECT, UPDATE, DELETE), each with its EXPLAIN, lines stripped."""
    bind = sessions.kw["bind"]
    statements: list[tuple[str, object]] = []

    def seen(_connection, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            statements.append((statement, parameters))

    event.listen(bind, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(bind, "before_cursor_execute", seen)
    plans = []
    with bind.raw_connection() as connection:  # the driver's own cursor: the statements as they were sent
        cursor = connection.cursor()
        for statement, parameters in statements:
            try:
                cursor.execute(f"EXPLAIN {statement}", parameters)
                plan = [row[0].strip() for row in cursor.fetchall()]
            except Exception as problem:  # noqa: BLE001 - a figure's note, never the benchmark's end
                connection.rollback()
                cursor = connection.cursor()
                plan = [f"Seq Scan on reminders? not explained: {type(problem).__name__}: {problem}"]
            plans.append((" ".join(statement.split()), plan))
        connection.rollback()
    return plans


def profile_morning(sessions: sessionmaker[Session], results: Results, communes: int) -> None:
    """Where the 08:00 tick's time goes, at the largest scale (its first 500 reminders, at Telegram's pace on
    the virtual clock), on the loop and in the worker thread that claims and checks the batches. The day is
    planned afresh first: the days measured before it leave their rows behind, which a real morning has
    sent long ago."""
    ticks.plan_ahead_runs(sessions, 1)
    engine, _ = ticks.engine_at(sessions, ticks.MORNING, stop_after=500, paced=True)
    results.profiles[f"(b) 08:00 tick, first 500 reminders, {communes:,} communes"] = asyncio.run(
        profile_async(engine.tick))


def profile_quiet(sessions: sessionmaker[Session], results: Results, communes: int, ticks_run: int = 20) -> None:
    """Where the 10:00 tick's few milliseconds go, with the morning's rows all sent."""
    mark_all_sent(sessions, ticks.MORNING)
    ticks.vacuum(sessions)
    engine, _ = ticks.engine_at(sessions, ticks.QUIET)
    results.profiles[f"(b) 10:00 tick × {ticks_run}, {communes:,} communes"] = profile_call(
        lambda: [ticks.tick_seconds(engine) for _ in range(ticks_run)])


def profile_materialize(sessions: sessionmaker[Session], results: Results, communes: int, plans: int = 200) -> None:
    """plan_ahead's work for a few plans, with the tables at full size: a cost that grows with the
    tables shows here at a fraction of a whole plan_ahead's price."""
    reset_day(sessions)
    with sessions.begin() as session:
        chosen = list(session.scalars(select(Plan).order_by(Plan.id).limit(plans)))
        results.profiles[f"(b) materialize {plans} plans, tables at {communes:,} communes"] = profile_call(
            lambda: [materialize(session, plan, ticks.BEFORE) for plan in chosen])


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.national [100,1000,3321]`: this part alone, on a durable throwaway PostgreSQL."""
    import sys

    from bench.report import table
    from bench.seed import prepared
    from storage.db import make_engine
    from tests.support.postgres import ThrowawayPostgres

    scales = tuple(int(n) for n in (argv or sys.argv[1:] or [",".join(map(str, SCALES))])[0].split(","))
    server = ThrowawayPostgres(durable=True).start()
    engine, results = make_engine(server.url), Results()
    try:
        run(server.url, engine, prepared(server.url), results, scales, runs=2)
    finally:
        print(table(results))
        for note in results.notes:
            print(f"\n{note}")
        for title, profile in results.profiles.items():
            print(f"\n{title}\n{profile}")
        engine.dispose()
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
