"""(b) The reminder engine from 100 to 3,321 communes (every commune of Vietnam) on one PostgreSQL.

At each scale: the day's plan_ahead; the 08:00 tick over the first CAP reminders of the burst (at 100
communes that is the whole burst); the 10:00 tick, when nothing is due. The whole 08:00 burst at larger
scales is estimated from the measured cost per reminder, since it stays flat: running it would take
minutes and tell nothing more.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bench import ticks
from bench.clone import clone_communes, counts
from bench.profiling import profile_call
from bench.seed import commune_name, load_communes, mark_all_sent, pending_again, reset_day
from bench.stats import Figure, Results, at_most
from jobs.reminders import materialize
from storage.models import Plan

SCALES = (100, 1000, 3321)
LOADED = 20  # communes written by load_plan itself; the rest are copies (bench/clone.py)
CAP = 2000  # the 08:00 burst measured: 20 batches of the engine's 100
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
                  largest: bool) -> tuple[float, int]:
    """Figures for one scale; returns the whole burst's estimated seconds, and its reminders."""
    planned, rows = ticks.plan_ahead_runs(sessions, min(runs, LARGEST_PLAN_AHEAD_RUNS) if largest else runs)
    morning, sent = ticks.morning_runs(sessions, runs, CAP)
    unvacuumed, quiet = ticks.quiet_runs(sessions, 5)
    per_reminder = [s / sent for s in morning]
    results.add(Figure("b", f"{communes:,} communes: plan_ahead, the day ({rows:,} reminder rows)", "s", planned))
    whole = sent == rows
    name = "whole 08:00 tick" if whole else f"08:00 tick, first {sent:,} of {rows:,} reminders"
    results.add(Figure("b", f"{communes:,} communes: {name}", "s", morning))
    results.add(Figure("b", f"{communes:,} communes: 08:00 tick, per reminder", "ms",
                       [p * 1000 for p in per_reminder]))
    if not whole:
        burst = results.add(Figure("b", f"{communes:,} communes: whole 08:00 tick, estimated", "ms",
                                   [p * rows * 1000 for p in per_reminder],
                                   note="rows × measured cost per reminder"))
        if largest:  # the "a tick at most 100 ms": see the findings for why this one cannot
            at_most(burst, 100)
    results.add(Figure("b", f"{communes:,} communes: 10:00 tick right after the burst, before vacuum", "ms",
                       [q * 1000 for q in unvacuumed]))
    quiet_figure = results.add(Figure("b", f"{communes:,} communes: 10:00 tick, nothing due", "ms",
                                      [q * 1000 for q in quiet], note="after VACUUM ANALYZE, as autovacuum"))
    if largest:
        at_most(quiet_figure, 100)
    return sum(per_reminder) / len(per_reminder) * rows, rows


def run(url: str, engine: Engine, sessions: sessionmaker[Session], results: Results,
        scales: tuple[int, ...] = SCALES, runs: int = 3) -> None:
    have, burst, rows = 0, 0.0, 0
    for communes in scales:
        have = grow(url, engine, have, communes, results)
        burst, rows = measure_scale(sessions, communes, results, runs, largest=communes == scales[-1])
    size = counts(engine)
    results.notes.append(
        f"(b) At {scales[-1]:,} communes the database holds {size['tasks']:,} tasks, {size['occurrences']:,} "
        f"occurrences and {size['chat_bindings']:,} bound chats. The 08:00 burst is {burst:.0f} s of engine "
        "work; at Telegram's 30 messages a second it cannot go out in less than "
        f"{rows / 30 / 60:.0f} minutes ({rows:,} messages), whatever the engine costs.")
    profile_morning(sessions, results, scales[-1])
    profile_quiet(sessions, results, scales[-1])
    profile_materialize(sessions, results, scales[-1])  # last: it leaves the day half planned


def profile_morning(sessions: sessionmaker[Session], results: Results, communes: int) -> None:
    """Where the 08:00 tick's time goes, at the largest scale (its first 500 reminders)."""
    pending_again(sessions)
    engine, _ = ticks.engine_at(sessions, ticks.MORNING, stop_after=500)
    results.profiles[f"(b) 08:00 tick, first 500 reminders, {communes:,} communes"] = profile_call(
        lambda: ticks.tick_seconds(engine))


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
