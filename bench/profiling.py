"""Where the time goes: cProfile around one run, reduced to the frames worth reading.

cProfile is in the standard library, so `make bench` needs nothing more on a fresh clone; its overhead
inflates every figure, which is why profiled runs are never the measured ones. cProfile sees one thread
only, and the bot answers all but status commands in a worker thread (asyncio.to_thread), so an async
run is profiled in both: the loop's thread, and the single worker its default executor is given for the run.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent) + "/"
PRODUCT = tuple(ROOT + name + "/" for name in ("bot", "jobs", "storage", "plan_data"))
IDLE = ("<method 'poll' of 'select.epoll' objects>", "<method 'acquire' of '_thread.lock' objects>",
        "<method 'get' of '_queue.SimpleQueue' objects>")  # waiting, not working


def _where(key: tuple[str, int, str]) -> str:
    file, line, func = key
    if "site-packages/" in file:
        file = file.split("site-packages/", 1)[1]
    elif file.startswith(ROOT):
        file = file[len(ROOT):]
    return f"{file}:{line}({func})" if line else func


def top_frames(wall: float, *profiles: cProfile.Profile, limit: int = 8) -> str:
    """Two short lists, as shares of the run's wall time: the product's functions by cumulative time (what
    to change), and every function by own time (what it costs: the ORM, the driver, PTB). Waiting for
    the worker thread or for I/O is left out of the second list: it is not work."""
    stats = pstats.Stats(*profiles).stats  # type: ignore[attr-defined]
    ours = sorted(((ct, nc, key) for key, (_cc, nc, _tt, ct, _c) in stats.items() if key[0].startswith(PRODUCT)),
                  reverse=True)[:limit]
    own = sorted(((tt, nc, key) for key, (_cc, nc, tt, _ct, _c) in stats.items() if key[2] not in IDLE),
                 reverse=True)[:limit]
    lines = [f"profiled run {wall * 1000:.0f} ms (wall)", "cumulative, product code:"]
    lines += [f"  {ct / wall:6.1%} {nc:>8} calls  {_where(key)}" for ct, nc, key in ours]
    lines.append("own time, any code:")
    lines += [f"  {tt / wall:6.1%} {nc:>8} calls  {_where(key)}" for tt, nc, key in own]
    return "\n".join(lines)


async def profile_async(run: Callable[[], Awaitable[object]]) -> str:
    """Profiles `run` on the running loop and in its worker thread. The loop keeps the one-thread
    executor afterwards: call this last on a loop that is about to end."""
    loop = asyncio.get_running_loop()
    worker = cProfile.Profile()
    pool = ThreadPoolExecutor(max_workers=1, initializer=worker.enable)
    loop.set_default_executor(pool)
    main = cProfile.Profile()
    started = time.perf_counter()
    main.enable()
    try:
        await run()
    finally:
        main.disable()
        wall = time.perf_counter() - started
        await loop.run_in_executor(pool, worker.disable)
    return top_frames(wall, main, worker)


def profile_call(run: Callable[[], object]) -> str:
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    try:
        run()
    finally:
        profile.disable()
    return top_frames(time.perf_counter() - started, profile)
