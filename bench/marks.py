"""(e) What marking each message sent costs the 08:00 tick (issue 24, point 7).

The engine marks a message sent as soon as the platform took it, by one statement that is its own
transaction, whose commit does not wait for the disk (jobs.outcomes.delivered): a kill repeats at most the
message in flight. Before, sent rows were marked a group at a time (up to 30, with the next group's slots),
and a kill could repeat a group. Both run here over the same day, round after round (the same noise),
through bench/ticks.py's whole 08:00 burst at Telegram's pace on a virtual clock, with a third variant: each
message marked with a durable commit, which is what its `SET LOCAL synchronous_commit = off` saves on
PostgreSQL (on SQLite, in WAL with synchronous=NORMAL, the two are the same: a control of the noise). The
variants take turns in a different order each round, so that none always runs on the tables the others
have just churned.

    python -m bench.marks [COMMUNES]   this part alone, on a durable throwaway PostgreSQL and on SQLite
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from bench import ticks
from bench.seed import load_communes, prepared, reset_day
from bench.stats import Figure, Results, ratio
from jobs.claims import Job, mark_all
from jobs.engine import SEND_GROUP, ReminderEngine, TickReport
from jobs.outcomes import SENT


class GroupMarks(ReminderEngine):
    """The baseline: sent rows marked a group at a time, as before issue 24, before the next group's slots
    are taken and when the tick ends (before its claims are given back); a kill repeats up to a group."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._unmarked: list[Job] = []

    def _delivered(self, job: Job, report: TickReport, marks: Connection) -> None:
        self._unmarked.append(job)
        report.sent += 1
        if len(self._unmarked) >= SEND_GROUP:
            self._mark_group()

    def _slots(self, group, *rest):
        self._mark_group()
        return super()._slots(group, *rest)

    def _release(self) -> None:
        self._mark_group()
        super()._release()

    def _mark_group(self) -> None:
        if not self._unmarked:
            return
        with self.sessions.begin() as session:
            mark_all(session, [job.id for job in self._unmarked], "sent", self.clock())
        for job in self._unmarked:
            self._settled(job, "sent")
        self._unmarked = []


class DurableMarks(ReminderEngine):
    """Each message marked at once by one statement, as now, without its `synchronous_commit = off`: its
    commit waits for the disk (on PostgreSQL; SQLite in WAL with synchronous=NORMAL never does)."""

    def _delivered(self, job: Job, report: TickReport, marks: Connection) -> None:
        marks.execute(SENT, {"row": job.id, "at": self.clock()})
        report.sent += 1
        self._settled(job, "sent")


VARIANTS = (("a group at a time (before)", GroupMarks), ("each at once, lazy commit (now)", ReminderEngine),
            ("each at once, durable commit", DurableMarks))


def run(sessions: sessionmaker[Session], results: Results, label: str, runs: int = 3) -> None:
    """The whole 08:00 burst with each variant in turn, `runs` rounds; per reminder, and now ÷ before."""
    reset_day(sessions)
    ticks.engine_at(sessions, ticks.BEFORE)[0].plan_ahead(ticks.BEFORE)
    per_reminder: dict[str, list[float]] = {name: [] for name, _ in VARIANTS}
    sent = 0
    for round_ in range(runs):
        for name, variant in VARIANTS[round_ % 3:] + VARIANTS[:round_ % 3]:
            seconds, sent, _stalls = ticks.morning_runs(sessions, 1, None, variant)
            per_reminder[name].append(seconds[0] / sent * 1000)
    for name, _ in VARIANTS:
        results.add(Figure("e", f"{label}: 08:00 tick per reminder, sent marks {name}", "ms", per_reminder[name],
                           note=f"the whole burst, {sent:,} reminders" if name.endswith("(now)") else ""))
    before, now, durable = (per_reminder[name] for name, _ in VARIANTS)
    results.add(Figure("e", f"{label}: 08:00 tick, each message marked ÷ a group at a time", "×", ratio(now, before),
                       note="per round: the same day, the same noise"))
    results.add(Figure("e", f"{label}: 08:00 tick, durable marks ÷ lazy ones", "×", ratio(durable, now)))


def main(argv: list[str] | None = None) -> int:
    import sys

    from bench.report import table
    from tests.support.postgres import ThrowawayPostgres

    communes = int((argv or sys.argv[1:] or ["100"])[0])
    results = Results()
    with tempfile.TemporaryDirectory(prefix="nhacviec-marks-") as folder:
        url = f"sqlite:///{Path(folder) / 'marks.db'}"
        sessions = prepared(url)
        load_communes(url, 0, communes, workers=1)
        run(sessions, results, f"SQLite, {communes:,} communes")
    server = ThrowawayPostgres(durable=True).start()
    try:
        sessions = prepared(server.url)
        load_communes(server.url, 0, communes)
        run(sessions, results, f"PostgreSQL, {communes:,} communes")
        sessions.kw["bind"].dispose()
    finally:
        server.stop()
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
