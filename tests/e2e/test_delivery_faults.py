"""Delivery under faults (issue 14), as processes: reminder workers (tests/support/worker.py: the real
engine and PTB Bot) killed, stopped and run side by side against the Bot API stand-in, which records when
each message arrived. Figures are printed (pytest -s): kills, repeats, pace violations."""

from __future__ import annotations

import asyncio
import random
import signal
import time
from contextlib import suppress
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from jobs.claims import LEASE
from jobs.notify import notify_focal
from storage.db import make_engine, make_sessions
from storage.models import Plan, Reminder
from tests.e2e.test_kill_restart import MORNING, seed_communes
from tests.support import warm_worker
from tests.support.fake_bot_api import ApiError, FakeBotApi
from tests.support.pace import repeats, violations
from tests.support.warm_worker import WarmWorker


async def start_worker(url: str, api: FakeBotApi, start: datetime, *options: str) -> WarmWorker:
    """A worker process, forked from a parent that imported it once (tests/support/warm_worker.py)."""
    return await warm_worker.start_worker(url, api.base_url, api.token, start.isoformat(), *options)


def busy_api(api: FakeBotApi, seconds: float) -> None:
    """A busy Bot API: each message takes a little while, so that a kill or a stop finds one in flight."""
    original = api._send_message

    async def slow_send(params):
        await asyncio.sleep(seconds)
        return await original(params)

    api.on("sendMessage", slow_send)


def states(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        found = dict(session.execute(select(Reminder.state, func.count()).group_by(Reminder.state)).all())
    engine.dispose()
    return found


async def until_sent(api: FakeBotApi, worker: WarmWorker, count: int, chat: str | None = None) -> None:
    while len(api.messages(chat)) < count and worker.returncode is None:
        await asyncio.sleep(0.005)


def assert_all_sent_once_or_repeated_at_most(url: str, api: FakeBotApi, allowed: int) -> dict[str, int]:
    found = states(url)
    delivered = {(str(m["chat_id"]), m["text"]) for m in api.messages()}
    assert not {"pending", "claimed", "failed"} & set(found), found
    assert len(delivered) == found["sent"]  # nothing lost: every row reached its chat
    assert repeats(api) <= allowed
    return found


def unmarked(url: str, api: FakeBotApi) -> int:
    """Rows delivered but not marked sent: what a restart sends again."""
    return len({(str(m["chat_id"]), m["text"]) for m in api.messages()}) - states(url).get("sent", 0)


RESTART_STEP = timedelta(seconds=150)  # the clock at each restart, as the reliability lab stepped it


@pytest.mark.parametrize("kills, communes", [(50, 12), pytest.param(100, 20, marks=pytest.mark.slow)])
async def test_kill_loop_loses_nothing_and_repeats_at_most_one_message_per_kill(tmp_path, kills: int,
                                                                                 communes: int) -> None:
    """SIGKILLs while a worker starts, plans, claims or sends. A message is marked sent as soon as the Bot API
    took it, so each kill leaves at most the one in flight delivered and unmarked (counted after every kill:
    the restart may send it again), and in the end nothing is lost."""
    url = f"sqlite:///{tmp_path / 'kills.db'}"
    seed_communes(url, communes)
    rng = random.Random(14)
    done, left = 0, 0
    async with FakeBotApi() as api:
        busy_api(api, 0.004)
        start = MORNING
        while done < kills:
            began = time.monotonic()
            worker = await start_worker(url, api, start)
            wanted = rng.randint(0, 4)
            if wanted:  # in the middle of sending
                await until_sent(api, worker, len(api.messages()) + wanted)
            else:  # while it starts, plans or claims: before its first message, or a moment into its start-up
                with suppress(TimeoutError):
                    await asyncio.wait_for(until_sent(api, worker, len(api.messages()) + 1), rng.uniform(0.3, 1.5))
            if worker.returncode is not None:
                break
            worker.send_signal(signal.SIGKILL)
            await worker.communicate()
            done += 1
            now_left = unmarked(url, api)
            assert now_left - left <= 1, f"kill {done} left {now_left - left} messages delivered and not marked"
            left = now_left
            # the next worker starts when the dead one's claims have lapsed (LEASE), as the lab's clock stepped
            start += max(RESTART_STEP, timedelta(seconds=time.monotonic() - began) + LEASE + timedelta(seconds=5))
        worker = await start_worker(url, api, start)
        _, err = await asyncio.wait_for(worker.communicate(), 240)
        assert worker.returncode == 0, err.decode()[-2000:]
        found = assert_all_sent_once_or_repeated_at_most(url, api, allowed=done)
    assert done >= kills
    print(f"kills={done} rows={found['sent']} delivered={len(api.messages())} repeats={repeats(api)}")


async def test_a_kill_mid_batch_leaves_at_most_the_message_in_flight_unmarked(tmp_path) -> None:
    """Killed in the middle of a batch, past a few groups of slots, the worker leaves at most the one message
    in flight delivered but not marked sent, which is what its restart may repeat."""
    url = f"sqlite:///{tmp_path / 'group.db'}"
    seed_communes(url, 6)
    async with FakeBotApi() as api:
        busy_api(api, 0.002)
        worker = await start_worker(url, api, MORNING, "--batch", "100")
        await until_sent(api, worker, 97)  # inside the first batch, past a few groups
        assert worker.returncode is None
        worker.send_signal(signal.SIGKILL)
        await worker.communicate()
        delivered = len(api.messages())
    found = states(url)
    assert delivered - found.get("sent", 0) <= 1  # at most the message in flight sent but not marked
    print(f"delivered={delivered} marked sent={found.get('sent', 0)}")


async def test_sigterm_with_claims_in_flight_gives_them_back_at_once(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'term.db'}"
    seed_communes(url, 6)
    anchor = f"{time.time():.6f}"  # one timeline for the worker and its restart: no waiting out a lease
    async with FakeBotApi() as api:
        busy_api(api, 0.05)
        worker = await start_worker(url, api, MORNING, "--anchor", anchor, "--batch", "50")
        await until_sent(api, worker, 10)
        assert worker.returncode is None
        worker.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(worker.communicate(), 60)
        assert worker.returncode == 0 and b"stopped" in out, err.decode()[-2000:]
        stopped = states(url)
        assert "claimed" not in stopped and stopped["pending"] > 0  # the batch was given back, not stranded
        worker = await start_worker(url, api, MORNING, "--anchor", anchor, "--batch", "50")
        _, err = await asyncio.wait_for(worker.communicate(), 240)
        assert worker.returncode == 0, err.decode()[-2000:]
        found = assert_all_sent_once_or_repeated_at_most(url, api, allowed=0)  # a clean stop repeats nothing
    print(f"rows={found['sent']} given back at SIGTERM={stopped['pending']} repeats={repeats(api)}")


def add_notices(url: str, count: int) -> None:
    """`count` notices to the first commune's focal point, due with the morning: one busy group."""
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        plan_id = session.scalar(select(Plan.id).order_by(Plan.id))
        for number in range(count):
            notify_focal(session, plan_id, f"test:{number}", f"Thông báo {number}", MORNING)
    engine.dispose()


async def test_a_restart_does_not_reset_the_pace_of_a_busy_group(tmp_path) -> None:
    """One group has 40 messages due. The worker sends it 20, stops cleanly and starts again within the
    minute: the new process knows the group's minute is full (the pace is in the database), and the other
    groups go on meanwhile."""
    url = f"sqlite:///{tmp_path / 'burst.db'}"
    seed_communes(url, 3)
    add_notices(url, 40)
    busy = "-100000"  # the first commune's vhxh
    anchor = f"{time.time():.6f}"
    async with FakeBotApi() as api:
        worker = await start_worker(url, api, MORNING, "--anchor", anchor, "--pace", "telegram")
        await until_sent(api, worker, 20, busy)
        worker.send_signal(signal.SIGTERM)
        await asyncio.wait_for(worker.communicate(), 60)
        worker = await start_worker(url, api, MORNING, "--anchor", anchor, "--pace", "telegram")
        for _ in range(3):  # the restarted process has ticked three times, within the group's minute
            assert await asyncio.wait_for(worker.stdout.readline(), 60) == b"ticked\n"
        worker.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(worker.communicate(), 60)
        assert worker.returncode == 0, err.decode()[-2000:]
        found = states(url)
        assert violations(api) == (0, 0)
        assert len(api.messages(busy)) == 20 and "claimed" not in found and "failed" not in found
    print(f"busy group={len(api.messages(busy))} in all={len(api.messages())} violations={violations(api)}")


async def test_four_workers_and_a_restart_keep_one_shared_pace(postgres) -> None:
    url = postgres.new_database("shared_pace")
    seed_communes(url, communes=20)
    anchor = f"{time.time():.6f}"
    options = ("--anchor", anchor, "--pace", "telegram")
    async with FakeBotApi() as api:
        workers = [await start_worker(url, api, MORNING, *options) for _ in range(4)]
        await until_sent(api, workers[0], 60)
        workers[0].send_signal(signal.SIGTERM)
        await asyncio.wait_for(workers[0].communicate(), 60)
        workers[0] = await start_worker(url, api, MORNING, *options)
        results = await asyncio.wait_for(asyncio.gather(*(w.communicate() for w in workers)), 300)
        for worker, (_, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err.decode()[-2000:]
        found = assert_all_sent_once_or_repeated_at_most(url, api, allowed=0)
        overall, per_chat = violations(api)
    assert (overall, per_chat) == (0, 0)
    print(f"rows={found['sent']} repeats={repeats(api)} violations overall={overall} per group={per_chat}")


def faulty_api(api: FakeBotApi, rng: random.Random, errors: float, late: float, answer_after: float) -> None:
    """A Bot API under faults: a share of sendMessage answered 502 (not posted), another posted and answered
    after `answer_after` seconds (past the sender's timeout: a "maybe sent")."""
    original = api._send_message

    async def send(params):
        roll = rng.random()
        if roll < errors:
            raise ApiError(502, "Bad Gateway")
        if roll < errors + late:
            api.delay_next("sendMessage", answer_after)
        return await original(params)

    api.on("sendMessage", send)


@pytest.mark.slow
async def test_four_workers_with_faults_and_kills_keep_every_group_within_its_minute(postgres) -> None:
    """Four workers on PostgreSQL at Telegram's pace on one timeline; 10 % of sends answered 502 and 5 % posted
    but answered too late; every few seconds one worker is SIGKILLed and started again; one group has 40
    notices due besides its reminders. No group gets over 20 in any 60 s and nothing goes over 30 in a
    second (the stand-in's own arrival times), nothing is lost, and nothing repeats beyond one per kill and
    one per timeout."""
    url = postgres.new_database("faults_and_kills")
    seed_communes(url, communes=20)
    add_notices(url, 40)
    rng = random.Random(2407)
    options = ("--anchor", f"{time.time():.6f}", "--pace", "telegram", "--timeout", "0.5")
    kills = 0
    async with FakeBotApi() as api:
        faulty_api(api, rng, errors=0.10, late=0.05, answer_after=1.0)
        workers = [await start_worker(url, api, MORNING, *options) for _ in range(4)]
        for _ in range(8):
            await asyncio.sleep(rng.uniform(1.0, 5.0))
            index = rng.randrange(len(workers))
            if workers[index].returncode is None:
                workers[index].send_signal(signal.SIGKILL)
                kills += 1
            await workers[index].communicate()
            workers[index] = await start_worker(url, api, MORNING, *options)
        results = await asyncio.wait_for(asyncio.gather(*(w.communicate() for w in workers)), 400)
        for worker, (_, err) in zip(workers, results, strict=True):
            assert worker.returncode == 0, err.decode()[-2000:]
        timeouts = timeouts_counted(url)
        found = assert_all_sent_once_or_repeated_at_most(url, api, allowed=kills + timeouts)
        overall, per_chat = violations(api)
    assert kills >= 6 and timeouts > 0
    assert (overall, per_chat) == (0, 0)
    print(f"rows={found['sent']} kills={kills} timeouts={timeouts} repeats={repeats(api)} "
          f"violations overall={overall} per group={per_chat}")


def timeouts_counted(url: str) -> int:
    engine = make_engine(url)
    with make_sessions(engine).begin() as session:
        found = session.scalar(select(func.sum(Reminder.timeouts))) or 0
    engine.dispose()
    return found
