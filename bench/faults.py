"""(e) Delivery under faults: a busy morning (2026-03-31, ten communes) through the real engine and the real
PTB Bot over HTTP to the Bot API stand-in (tests/support/fake_bot_api.py), on SQLite and a virtual clock.
A share of sendMessage calls is answered 502, and another share is posted and then answered after the
sender's timeout: a "maybe sent" that the engine retries after a minute. Counted: the timeouts, the repeats
they caused (at most one each), what failed or was lost (none). Kills and the shared pace are counted by
tests/e2e/test_delivery_faults.py, which need processes and real time."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime
from pathlib import Path

from telegram import Bot

from bench.stats import Figure, Results
from bot.channels.telegram import TelegramSender
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from tests.e2e.test_kill_restart import seed_communes
from tests.support.engine import EngineRig, VirtualClock
from tests.support.fake_bot_api import ApiError, FakeBotApi
from tests.support.pace import repeats

MORNING = datetime(2026, 3, 31, 7, 30, tzinfo=VN)
COMMUNES = 10
TIMEOUT, LATE = 0.3, 0.6  # the sender's timeout in this run, and how late a "maybe sent" answer comes


async def morning(url: str, share: float, seed_number: int) -> dict[str, int]:
    seed_communes(url, COMMUNES)
    engine = make_engine(url)
    sessions = make_sessions(engine)
    rng = random.Random(seed_number)
    async with FakeBotApi() as api, Bot(api.token, base_url=api.base_url) as bot:
        rig = EngineRig(api, bot, sessions, VirtualClock(MORNING))
        rig.engine.senders = {"telegram": TelegramSender(bot, timeout=TIMEOUT)}
        original, errors = api._send_message, [0]

        async def faulty(params):
            roll = rng.random()
            if roll < share:
                errors[0] += 1
                raise ApiError(502, "Bad Gateway")
            if roll < 2 * share:
                api.delay_next("sendMessage", LATE)  # posted now, answered too late
            return await original(params)

        api.on("sendMessage", faulty)
        while rig.clock.now.astimezone(VN).hour < 11:
            await rig.engine.tick()
            rig.clock.advance(seconds=30)
        rows = rig.rows()
    engine.dispose()
    sent = [r for r in rows if r.state == "sent"]
    delivered = {(str(m["chat_id"]), m["text"]) for m in api.messages()}
    return {"rows": len(sent), "timeouts": sum(r.timeouts for r in rows), "repeats": repeats(api),
            "errors": errors[0], "failed": sum(r.state == "failed" for r in rows),
            "lost": len(sent) - len(delivered) + sum(r.state in ("pending", "claimed") for r in rows)}


def run(tmp: Path, results: Results, runs: int = 3) -> None:
    found = [asyncio.run(morning(f"sqlite:///{tmp / f'faults{n}.db'}", 0.1, n)) for n in range(runs)]
    note = "; ".join(f"{f['rows']} rows, {f['errors']} × 502, {f['timeouts']} timeouts, {f['repeats']} repeats"
                     for f in found)
    per_timeout = [f["repeats"] / f["timeouts"] if f["timeouts"] else 0.0 for f in found]
    results.add(Figure("e", "timeouts that did post, per run (10 % of sends)", "timeouts",
                       [float(f["timeouts"]) for f in found], note=note))
    results.add(Figure("e", "repeats per timeout", "×", per_timeout, target="≤ 1",
                       met=all(f["repeats"] <= f["timeouts"] for f in found)))
    results.add(Figure("e", "reminders failed or lost under 10 % 502s and 10 % timeouts", "rows",
                       [float(f["failed"] + f["lost"]) for f in found], target="0",
                       met=all(f["failed"] + f["lost"] == 0 for f in found)))
