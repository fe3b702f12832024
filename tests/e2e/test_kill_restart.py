"""Kill the reminder worker with SIGKILL at random points of a busy morning, restart it, and count:
nothing may be lost, and nothing may repeat beyond the message in flight at each kill: a message is marked
sent as soon as the Bot API took it (jobs.outcomes.delivered), so a kill repeats at most that one."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock
from sqlalchemy import func, select

from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from storage.db import make_engine, make_sessions
from storage.invites import bind_directly
from storage.loader import load_plan
from storage.migrate import upgrade
from storage.models import Reminder
from storage.queries import unit_by_code
from tests.conftest import VN
from tests.support import warm_worker
from tests.support.fake_bot_api import FakeBotApi
from tests.support.warm_worker import WarmWorker

COMMUNES = 12
UNITS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")
MORNING = datetime(2026, 3, 31, 7, 59, 58, tzinfo=VN)  # due tasks, overdue reports and escalations at 08:00


def seed_communes(url: str, communes: int = COMMUNES) -> None:
    """`communes` communes loaded at MORNING, each unit bound to a group: seeded once per test session and
    number of communes (a few seconds), then copied, as the migrated template is (tests/support/postgres.py).
    The copy is the seeded database, ids and sequences included."""
    shared = Path(os.environ.get("NHACVIEC_TEST_SHARED") or _own_folder())
    parsed = sa.make_url(url)
    with FileLock(shared / f"seeded-{communes}.lock"):
        if parsed.get_backend_name() == "sqlite":
            template, done = shared / f"seeded-{communes}.db", shared / f"seeded-{communes}.sqlite"
            if not done.exists():
                _seed(f"sqlite:///{template}", communes)
                done.touch()
            with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(parsed.database)) as copy:
                source.backup(copy)
            return
        template, done = f"seeded_{communes}", shared / f"seeded-{communes}.pg"
        admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                if not done.exists():
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{template}"'))
                    connection.execute(sa.text(f'CREATE DATABASE "{template}"'))
                    _seed(parsed.set(database=template).render_as_string(hide_password=False), communes)
                    done.touch()
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
                connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}" TEMPLATE "{template}"'))
        finally:
            admin.dispose()


@cache
def _own_folder() -> str:
    """The templates' folder outside a test session (tests/conftest.py makes the session's)."""
    return tempfile.mkdtemp(prefix="seeded-")


def _seed(url: str, communes: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    spec = read_plan(BUNDLED_PLAN)
    with make_sessions(engine).begin() as session:
        for number in range(communes):
            plan_id = load_plan(session, replace(spec, commune=f"Xã {number}"), MORNING).plan_id
            for index, code in enumerate(UNITS):
                unit = unit_by_code(session, plan_id, code)
                bind_directly(session, unit, "telegram", str(-(100_000 + number * 10 + index)), code, MORNING)
    engine.dispose()


async def start_worker(url: str, api: FakeBotApi, start: datetime) -> WarmWorker:
    """A worker process, forked from a parent that imported it once (tests/support/warm_worker.py)."""
    return await warm_worker.start_worker(url, api.base_url, api.token, start.isoformat())


async def test_kill_and_restart_loses_nothing_and_repeats_at_most_the_message_in_flight(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    seed_communes(url)
    rng = random.Random(20260331)
    kills = 0
    async with FakeBotApi() as api:
        original = api._send_message

        async def slow_send(params):  # a busy Bot API: each message takes a little while
            await asyncio.sleep(0.004)
            return await original(params)

        api.on("sendMessage", slow_send)
        start = MORNING
        for _ in range(4):
            worker = await start_worker(url, api, start)
            sent_before = len(api.messages())
            while len(api.messages()) < sent_before + rng.randint(20, 120):  # kill in the middle of sending
                if worker.returncode is not None:
                    break
                await asyncio.sleep(0.01)
            if worker.returncode is None:
                worker.send_signal(signal.SIGKILL)
                kills += 1
            await worker.wait()
            start += timedelta(minutes=15)  # past the stale-claim timeout, still in office hours
        worker = await start_worker(url, api, start)
        out, err = await asyncio.wait_for(worker.communicate(), 240)
        assert worker.returncode == 0, err.decode()[-2000:]
        delivered = [(str(m["chat_id"]), m["text"]) for m in api.messages()]
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        states = dict(session.execute(select(Reminder.state, func.count()).group_by(Reminder.state)).all())
    engine.dispose()
    distinct = len(set(delivered))
    repeats = len(delivered) - distinct
    assert kills >= 3
    assert states.get("pending", 0) == 0 and states.get("claimed", 0) == 0 and states.get("failed", 0) == 0
    assert distinct == states["sent"]  # nothing lost: every row reached its chat
    assert repeats <= kills  # at most the message in flight at each kill
    print(f"kills={kills} rows={states['sent']} delivered={len(delivered)} repeats={repeats}")


async def test_four_workers_on_postgresql_send_each_reminder_exactly_once(postgres) -> None:
    url = postgres.new_database("four_workers")
    seed_communes(url, communes=20)
    async with FakeBotApi() as api:
        workers = [await start_worker(url, api, MORNING) for _ in range(4)]
        results = await asyncio.wait_for(asyncio.gather(*(w.communicate() for w in workers)), 240)
        for worker, (_, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err.decode()[-2000:]
        delivered = [(str(m["chat_id"]), m["text"]) for m in api.messages()]
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        states = dict(session.execute(select(Reminder.state, func.count()).group_by(Reminder.state)).all())
        senders = session.scalar(select(func.count(func.distinct(Reminder.claimed_at))))
    engine.dispose()
    repeats, lost = len(delivered) - len(set(delivered)), states["sent"] - len(set(delivered))
    assert (repeats, lost) == (0, 0)
    assert set(states) == {"sent"} and states["sent"] >= 20 * 15
    assert senders > 1  # the work was shared, not done by one worker while the others idled
    print(f"rows={states['sent']} delivered={len(delivered)} repeats={repeats} lost={lost}")
