"""`make bench` (python -m bench): every benchmark, a table on the terminal, and the same as Markdown in
var/bench-results.md (untracked). `--update` writes bench/RESULTS.md instead, the figures kept with the code.

SQLite parts run on databases in a temporary folder; PostgreSQL parts on a throwaway server started
here (tests.support.postgres), stopped at the end. Nothing outside the temporary folder is touched,
except the results file. Takes about five minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench import board, city, faults, feeds, marks, national, readers, replies, simulate, startup, tenants
from bench.bounds import all_findings
from bench.report import machine, markdown, table
from bench.seed import commune_name, load_communes, prepared, reset_day
from bench.stats import Figure, Results
from storage.db import make_engine, make_sessions

RESULTS = Path(__file__).with_name("RESULTS.md")  # kept in the repository: written only when asked
LOCAL = Path(__file__).resolve().parent.parent / "var" / "bench-results.md"  # every run's, untracked


def sqlite_part(tmp: Path, results: Results, quick: bool) -> None:
    url = f"sqlite:///{tmp / 'replies.db'}"
    sessions = prepared(url)
    load_communes(url, 0, 2, workers=1)  # one commune for the product, one for the raw-SQL handler
    replies.run(url, sessions, results, "SQLite", rounds=3 if quick else 5)
    url = f"sqlite:///{tmp / 'simulate.db'}"
    prepared(url)
    communes = 10 if quick else 100
    seconds = load_communes(url, 0, communes, workers=1)
    results.add(Figure("c", "storage.loader.load_plan, one commune (SQLite)", "ms", [seconds / communes * 1000],
                       note=f"{communes} communes in {seconds:.1f} s"))
    simulate.run(url, communes, results, tmp, runs=3 if quick else 5)
    marks.run(make_sessions(make_engine(url)), results, f"SQLite, {communes:,} communes", runs=2 if quick else 3)
    url = f"sqlite:///{tmp / 'one.db'}"
    prepared(url)
    load_communes(url, 0, 1, workers=1)
    feed_engine = make_engine(url)
    feeds.run(make_sessions(feed_engine), results, "1 commune (SQLite)")
    board.run(make_sessions(feed_engine), results, "1 commune (SQLite)")
    feed_engine.dispose()
    startup.ready(url, tmp, "1 commune (SQLite)", results, runs=3 if quick else 5, target=True)
    startup.working_morning(url, "1 commune (SQLite)", results, cap=national.CAP, runs=3, target=True)
    startup.imports(results)
    readers.run(results, runs=3 if quick else 5)
    faults.run(tmp, results, runs=2 if quick else 3)


def postgres_part(tmp: Path, results: Results, info: dict[str, str], quick: bool) -> None:
    from tests.support.postgres import ThrowawayPostgres

    try:
        server = ThrowawayPostgres(durable=True).start()  # the deployment's figures: fsync and synchronous commit on
    except (RuntimeError, OSError, subprocess.CalledProcessError) as problem:
        # no PostgreSQL on this machine: the SQLite figures still stand, and RESULTS.md says what is missing
        results.notes.append(f"PostgreSQL parts skipped: the server did not start ({problem}).")
        return
    try:
        engine = make_engine(server.url)
        with engine.connect() as connection:
            info["PostgreSQL"] = connection.scalar(text("SHOW server_version")) or "?"
        url = server.new_database("replies")
        replies_sessions = prepared(url)
        load_communes(url, 0, 2, workers=1)
        replies.run(url, replies_sessions, results, "PostgreSQL", rounds=3 if quick else 5)
        sessions = prepared(server.url)
        scales = (100, 300) if quick else national.SCALES
        national.run(server.url, engine, sessions, results, scales, runs=2 if quick else 3)
        label = f"{scales[-1]:,} communes (PostgreSQL)"
        city.run(sessions, results, label, commune_name(0), runs=3 if quick else 10, cold_runs=1 if quick else 2)
        replies.run(server.url, sessions, results, f"PostgreSQL, {scales[-1]:,} communes", rounds=3)
        startup.ready(server.url, tmp, label, results, runs=3)
        reset_day(sessions)
        startup.working_morning(server.url, label, results, cap=national.CAP)
        # last: it plans the day afresh and deals the communes to tenants for its run (then puts them back)
        tenants.run(server, server.url, engine, sessions, results, (tenants.SCALES[0], scales[-1]))
        engine.dispose()
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller scales (a smoke test)")
    parser.add_argument("--no-postgres", action="store_true", help="only the SQLite parts")
    parser.add_argument("--update", action="store_true", help=f"write {RESULTS.name} in bench/ (kept in git)")
    parser.add_argument("--out", type=Path, default=None, help=f"where to write the results (default {LOCAL})")
    args = parser.parse_args(argv)
    out = args.out or (RESULTS if args.update else LOCAL)
    started = time.perf_counter()
    results, info = Results(), machine()
    with tempfile.TemporaryDirectory(prefix="nhacviec-bench-") as folder:
        sqlite_part(Path(folder), results, args.quick)
        if not args.no_postgres:
            postgres_part(Path(folder), results, info, args.quick)
    results.notes[:0] = all_findings(results)
    print(table(results))
    for note in results.notes:
        print(f"\n{note}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown(results, info, time.perf_counter() - started), encoding="utf-8")
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
