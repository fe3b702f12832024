"""A working morning in a process of its own, so that its peak RSS is its own:

    python -m bench.day_child DATABASE_URL CAP

The product's Application is started on the local Bot API (build_application, initialize, the menu), then
the first tick of the day runs at 08:00 on 2026-03-31: plan_ahead materializes the day for every plan
(one transaction), and the burst goes out up to CAP messages; then 50 replies ("việc", "quá hạn").
Prints one JSON line: seconds per step. Run it under bench.launch, which reports its peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from telegram import Update

from bench.local_api import TOKEN, LocalRequest, message_update, product_builder_uses
from bench.seed import chat_id
from bench.ticks import MORNING, engine_at
from bot.channels.telegram import build_application
from bot.channels.telegram_channel import TelegramSettings
from storage.db import make_engine, make_sessions


async def morning(url: str, cap: int) -> dict[str, float]:
    sessions = make_sessions(make_engine(url))
    started = time.perf_counter()
    with product_builder_uses(LocalRequest()):
        app = build_application(TelegramSettings(_env_file=None, TELEGRAM_BOT_TOKEN=TOKEN), sessions, lambda: MORNING)
    async with app:
        await app.post_init(app)
        ready = time.perf_counter()
        engine, sender = engine_at(sessions, MORNING, stop_after=cap)
        await engine.tick()
        ticked = time.perf_counter()
        chairman = int(chat_id(0, "chutich"))
        for i in range(50):
            text = "việc" if i % 2 else "quá hạn"
            await app.process_update(Update.de_json(message_update(i + 1, chairman, text), app.bot))
        replied = time.perf_counter()
    return {"ready_s": ready - started, "tick_s": ticked - ready, "replies_s": replied - ticked,
            "sent": sender.sent}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(morning(sys.argv[1], int(sys.argv[2])))))
