"""(h) The national morning: 3,321 communes in 34 tenants, a Telegram bot each, four workers (issue 28, point 5).

The communes of bench/national.py (copies of the bundled plan) are dealt to 34 tenants in blocks of
neighbouring ids, as a province imports its communes together (plans.tenant), and each tenant's chats are
bound through its own bot (chat_bindings.bot). The busy 08:00 of 2026-03-31 then goes out through four
ReminderEngines, each in a process of its own (bench/morning_workers.py) on one virtual clock
(bench/shared_clock.py) and one PostgreSQL, ticking on APScheduler's 30-second grid at four phases, each
message stamped with the virtual instant it left. The same rows then go through the floor (four processes of
plain SQL that claim, pace and mark them, sending nothing), so that the engine's cost is also read against a
bound measured in the same run. Everything is put back as it was: one tenant, one bot.

    python -m bench.tenants [100,3321]   this part alone, on a durable throwaway PostgreSQL
"""

from __future__ import annotations

from time import perf_counter

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from bench import morning_workers as workers
from bench import ticks
from bench.clone import clone_communes
from bench.seed import commune_name, load_communes, pending_again, prepared, reset_day
from bench.stats import Figure, Results, at_most, ratio
from bench.tenant_figures import Morning, backlog_finding, peaks
from plan_data.tenants import DEFAULT, bot_key, route
from storage.models import Reminder

TENANTS = 34
WORKERS = 4
SCALES = (100, 3321)
STOP = 330  # virtual seconds after 08:00: the target (08:05) and a tick more; beyond, the rate is projected
BATCH, GROUP = 100, 30  # the floor's claim and pace group: the engine's batch and SEND_GROUP


def bots(tenants: int = TENANTS) -> list[tuple[str, str]]:
    """(tenant key, bot key) of each tenant: the key the product derives from a token "70000000NN:…"."""
    return [(f"tinh-{n:02d}", bot_key(f"{7_000_000_000 + n}:bench-token")) for n in range(1, tenants + 1)]


def assign(engine: Engine, tenants: int = TENANTS) -> list[str]:
    """Every plan to one of `tenants` tenants, in blocks of neighbouring ids; every chat bound through its
    plan's tenant's bot. Returns the bots' routes."""
    pairs = bots(tenants)
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE plans SET tenant = t.keys[1 + o.rank * :n / o.total] FROM (SELECT id, row_number() OVER "
            "(ORDER BY id) - 1 AS rank, count(*) OVER () AS total FROM plans) o, (SELECT CAST(:keys AS text[]) "
            "AS keys) t WHERE plans.id = o.id"), {"n": tenants, "keys": [tenant for tenant, _ in pairs]})
        connection.execute(text(
            "UPDATE chat_bindings b SET bot = k.bot FROM plans p, unnest(CAST(:tenants AS text[]), "
            "CAST(:bots AS text[])) AS k(tenant, bot) WHERE p.id = b.plan_id AND p.tenant = k.tenant"),
            {"tenants": [t for t, _ in pairs], "bots": [b for _, b in pairs]})
    return [route("telegram", bot) for _, bot in pairs]


def unassign(engine: Engine) -> None:
    """One tenant and one bot again, as the other parts of the bench expect."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE plans SET tenant = :default"), {"default": DEFAULT})
        connection.execute(text("UPDATE chat_bindings SET bot = :default"), {"default": DEFAULT})


def morning(url: str, sessions: sessionmaker[Session], routes: list[str]) -> Morning:
    """The day planned at 07:00, then its 08:00 through the engine's workers, then again through the floor's."""
    reset_day(sessions)
    ticks.engine_at(sessions, ticks.BEFORE)[0].plan_ahead(ticks.BEFORE)
    ticks.vacuum(sessions)
    rows = ticks.pending(sessions)
    started = perf_counter()
    engines = workers.in_processes(workers.engine_worker, url, WORKERS, (WORKERS, routes, STOP))
    real = perf_counter() - started
    sent, left = _settled(sessions)
    pending_again(sessions)
    ticks.vacuum(sessions)
    share = -(-sum(len(w.sends) for w in engines) // WORKERS)  # the floor takes as many rows as the engine sent
    floor = workers.in_processes(workers.floor_worker, url, WORKERS, (BATCH, GROUP, share))
    return Morning(rows, engines, floor, sent, left, real)


def _settled(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """Rows marked sent, and rows still pending or claimed, once the engine's workers stopped."""
    with sessions() as session:
        states = dict(session.execute(select(Reminder.state, func.count()).group_by(Reminder.state)).all())
    return states.get("sent", 0), states.get("pending", 0) + states.get("claimed", 0)


def measure(url: str, engine: Engine, sessions: sessionmaker[Session], communes: int, results: Results) -> Morning:
    routes = assign(engine)
    try:
        day = morning(url, sessions, routes)
    finally:
        unassign(engine)
    label = f"{communes:,} communes, {TENANTS} bots, {WORKERS} workers"
    add_figures(results, label, day)
    return day


def add_figures(results: Results, label: str, day: Morning) -> None:
    bot_peak, group_minute, group_second = peaks(day.sends)
    whole = day.last if not day.left else day.last * day.rows / max(len(day.sends), 1)
    at_most(results.add(Figure("h", f"{label}: the whole morning sent, virtual seconds after 08:00", "s", [whole],
                               note=(f"projected at the run's rate: stopped at 08:{STOP // 60:02d}:{STOP % 60:02d}"
                                     f" with {day.left:,} rows left; " if day.left else "")
                               + f"{len(day.sends):,} sends of {day.rows:,} rows ({day.sent:,} marked sent, "
                               f"{day.by(300):,} by 08:05); {day.real:.0f} s of real time")), 300)
    at_most(results.add(Figure("h", f"{label}: a bot's peak in any second", "messages", [bot_peak])), 30)
    at_most(results.add(Figure("h", f"{label}: a group's peak in any 60 s", "messages", [group_minute])), 20)
    at_most(results.add(Figure("h", f"{label}: a group's peak in any second", "messages", [group_second])), 1)
    at_most(results.add(Figure("h", f"{label}: engine's work per reminder", "ms", [day.engine_ms],
                               note=f"wall time in the ticks, waits on the virtual clock left out, over the "
                               f"{WORKERS} workers; CPU {day.engine_cpu_ms:.2f} ms")), 0.3)
    results.add(Figure("h", f"{label}: floor's work per reminder", "ms", [day.floor_ms],
                       note=f"plain SQL, the same rows, {WORKERS} processes; CPU {day.floor_cpu_ms:.2f} ms"))
    results.add(Figure("h", f"{label}: engine's work ÷ floor's", "×", ratio([day.engine_ms], [day.floor_ms]),
                       note=f"CPU: {day.engine_cpu_ms / day.floor_cpu_ms:.1f}×"))
    at_most(results.add(Figure("h", f"{label}: the loop's worst stall", "ms", [day.stall * 1000],
                               note="the worst of the workers, while they ticked")), 50)


def small_database(server, communes: int) -> tuple[str, Engine, sessionmaker[Session]]:
    """A database of its own at `communes` communes (the first 20 through load_plan, the rest copied)."""
    url = server.new_database("tenants")
    sessions = prepared(url)
    engine = sessions.kw["bind"]
    load_communes(url, 0, min(communes, 20), workers=1)
    if communes > 20:
        clone_communes(engine, commune_name(0), 20, communes)
    return url, engine, sessions


def run(server, url: str, engine: Engine, sessions: sessionmaker[Session], results: Results,
        scales: tuple[int, int]) -> None:
    """The smaller scale in a database of its own; the larger on `url`, which holds that many communes."""
    small_url, small_engine, small_sessions = small_database(server, scales[0])
    try:
        small = measure(small_url, small_engine, small_sessions, scales[0], results)
    finally:
        small_engine.dispose()
    large = measure(url, engine, sessions, scales[1], results)
    results.add(Figure("h", f"engine's work per reminder, {scales[1]:,} ÷ {scales[0]:,} communes", "×",
                       [large.engine_ms / small.engine_ms], note="flat: about 1"))
    results.notes.append(backlog_finding(large, TENANTS, WORKERS))


def main(argv: list[str] | None = None) -> int:
    import sys

    from bench.national import grow
    from bench.report import table
    from tests.support.postgres import ThrowawayPostgres

    scales = tuple(int(n) for n in (argv or sys.argv[1:] or [",".join(map(str, SCALES))])[0].split(","))
    server = ThrowawayPostgres(durable=True).start()
    results = Results()
    try:
        sessions = prepared(server.url)
        engine = sessions.kw["bind"]
        grow(server.url, engine, 0, scales[-1], results)
        run(server, server.url, engine, sessions, results, (scales[0], scales[-1]))
        engine.dispose()
    finally:
        server.stop()
    print(table(results))
    for note in results.notes:
        print(f"\n{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
