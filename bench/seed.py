"""Databases for the benchmarks: the bundled plan loaded under many commune names, a chat bound per unit.

Every commune goes through storage.loader.load_plan, the product's own loader, so the rows are exactly
what an import writes. It is batched (many communes per transaction) and split over worker processes,
because load_plan makes ~140 round trips per commune and a single process would spend most of its
time waiting on them.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from bench.stats import Results
from plan_data.model import PlanSpec
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.loader import load_plan
from storage.migrate import upgrade
from storage.models import ChatBinding, Plan, Reminder, SendSlot, Unit

LOADED_AT = datetime(2026, 1, 1, 7, 0, tzinfo=VN)
CHATS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")  # every unit that is reminded, and the chairman
CHUNK = 50  # communes per transaction: big enough to amortize commits, small enough to spread work


@lru_cache(maxsize=1)
def bundled_spec() -> PlanSpec:
    return read_plan(BUNDLED_PLAN)


def commune_name(index: int) -> str:
    return f"Bench {index:05d}"


def chat_id(index: int, code: str) -> str:
    """A distinct Telegram-like group id per commune and unit: -100 000 000 - 10·index - k."""
    return str(-(100_000_000 + 10 * index + CHATS.index(code)))


def prepared(url: str) -> sessionmaker[Session]:
    engine = make_engine(url)
    upgrade(engine)
    return make_sessions(engine)


def load_communes(url: str, first: int, last: int, workers: int = 2) -> float:
    """Loads communes first..last-1 (and binds their chats); returns the seconds it took."""
    started = time.perf_counter()
    chunks = [(url, start, min(start + CHUNK, last)) for start in range(first, last, CHUNK)]
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            _load_chunk(chunk)
    else:
        # fork: the children make their own engines, nothing of the parent's connections is shared
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_load_chunk, chunks, chunksize=1)
    return time.perf_counter() - started


def _load_chunk(chunk: tuple[str, int, int]) -> None:
    url, start, stop = chunk
    engine = make_engine(url)
    try:
        with make_sessions(engine).begin() as session:
            for index in range(start, stop):
                spec = dataclasses.replace(bundled_spec(), commune=commune_name(index))
                plan_id = load_plan(session, spec, LOADED_AT).plan_id
                bind_chats(session, plan_id, index)
    finally:
        engine.dispose()


def bind_chats(session: Session, plan_id: int, index: int) -> None:
    """One group chat per unit, in one bulk insert (bind_directly would query and flush per chat)."""
    units = session.execute(select(Unit.code, Unit.id).where(Unit.plan_id == plan_id, Unit.code.in_(CHATS)))
    rows = [{"plan_id": plan_id, "unit_id": unit_id, "platform": "telegram", "chat_id": chat_id(index, code),
             "title": f"Nhóm {code}", "active": True, "bound_at": LOADED_AT, "bound_by": "bench"}
            for code, unit_id in units]
    session.execute(insert(ChatBinding), rows)


def reset_day(sessions: sessionmaker[Session]) -> None:
    """No reminder rows and no watermark: the next plan_ahead materializes the day from scratch."""
    with sessions.begin() as session:
        session.execute(delete(Reminder))
        session.execute(update(Plan).values(reminders_until=None))


def mark_all_sent(sessions: sessionmaker[Session], at: datetime) -> None:
    """The state after the morning's burst has gone out, without paying for sending it."""
    with sessions.begin() as session:
        session.execute(update(Reminder).where(Reminder.state.in_(("pending", "claimed")))
                        .values(state="sent", sent_at=at))


def pending_again(sessions: sessionmaker[Session]) -> None:
    """Every row of the day back to pending, as plan_ahead left it, and no slot taken in the pace: the 08:00
    tick can be run again."""
    with sessions.begin() as session:
        session.execute(delete(SendSlot))
        session.execute(update(Reminder).where(Reminder.state != "unbound").values(state="pending", attempts=0, claimed_at=None, sent_at=None,
                                                error=""))


def alone(run: Callable[[sessionmaker[Session], Results, str], None]) -> None:
    """A part of the bench run by itself (`python -m bench.feeds`, `bench.board`): one commune in a temporary
    SQLite file; its figures printed."""
    results = Results()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'alone.db'}"
        sessions = prepared(url)
        load_communes(url, 0, 1, workers=1)
        run(sessions, results, "1 commune (SQLite)")
        sessions.kw["bind"].dispose()
    for figure in results.figures:
        print(f"{figure.name}: {figure.value:.1f} {figure.unit} ({figure.spread}; target {figure.target}) {figure.note}")
