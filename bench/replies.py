"""(a) The reply path: updates pushed through the real PTB Application, answered by a local Bot API.

Three applications share each round, so they share its noise: a bare echo (PTB's floor), a handler doing
the same work in raw SQL (bench.raw_sql), and the product's own build_application. Status updates alternate
"xong N" / "hoàn tác N" over every task of the plan but those other tasks wait for (their «xong» also dates
the waiting tasks: more work than the raw handler's), from the chairman's chat (who may update any task),
so every single update writes: the occurrence changes and a status_changes row is added. Beside each
throughput, the median time one update took, from process_update's start to its end. On PostgreSQL a
fourth, the floor: the raw handler's work in the fewest round trips it can take (two, and the durable
commit), so that what the network and the disk alone cost is measured beside the target.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bench.local_api import TOKEN, LocalRequest, local_builder, message_update, product_builder_uses
from bench.profiling import profile_async
from bench.raw_sql import RawStore, on_echo, raw_handler
from bench.seed import VN, bundled_spec, chat_id
from bench.stats import Figure, Results, at_least, at_most, ratio
from bot.channels.telegram import build_application
from bot.channels.telegram_channel import TelegramSettings
from plan_data.chaining import waits_for
from storage.models import StatusChange

NOW = datetime(2026, 4, 15, 9, 0, tzinfo=VN)  # Q1's windows are late by then: "quá hạn" has a list to show
PRODUCT_COMMUNE, RAW_COMMUNE = 0, 1  # the raw handler writes to a commune of its own: histories never mix


@dataclass
class Stream:
    """Updates to push, and the seconds each label took in the last run."""

    updates: list[tuple[str, dict]]
    seconds: dict[str, float] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)  # label -> seconds of each update

    def per_second(self, label: str | None = None) -> float:
        count = sum(1 for name, _ in self.updates if label in (None, name))
        spent = sum(s for name, s in self.seconds.items() if label in (None, name))
        return count / spent

    def median_ms(self, label: str | None = None) -> float:
        return statistics.median(s for name, runs in self.latencies.items() if label in (None, name)
                                 for s in runs) * 1000


def plain_numbers() -> list[str]:
    """The plan's tasks but those event tasks wait for ("Sau khi … ban hành Kế hoạch …")."""
    tasks = bundled_spec().tasks
    events = [t for t in tasks if t.schedule.kind.value == "event"]
    return [t.number for t in tasks if not any(waits_for(e.time_expression, t) for e in events)]


def status_stream(commune: int, count: int) -> Stream:
    chat = int(chat_id(commune, "chutich"))
    numbers = plain_numbers()
    updates = []
    for i in range(count):
        label = "xong" if i % 2 == 0 else "hoàn tác"
        updates.append((label, message_update(i + 1, chat, f"{label} {numbers[(i // 2) % len(numbers)]}")))
    return Stream(updates)


def view_stream(text: str, count: int) -> Stream:
    chat = int(chat_id(PRODUCT_COMMUNE, "chutich"))
    return Stream([(text, message_update(i + 1, chat, text)) for i in range(count)])


async def push(app: Application, stream: Stream, errors: list[BaseException]) -> None:
    stream.seconds, stream.latencies = {}, {}
    for label, raw in stream.updates:
        started = time.perf_counter()
        await app.process_update(Update.de_json(raw, app.bot))
        took = time.perf_counter() - started
        stream.seconds[label] = stream.seconds.get(label, 0.0) + took
        stream.latencies.setdefault(label, []).append(took)
    if errors:  # a handler that failed was not measured: stop rather than report a wrong figure
        raise RuntimeError(f"a handler failed during the benchmark: {errors[0]!r}") from errors[0]


def _collecting(app: Application, errors: list[BaseException]) -> Application:
    async def collect(update: object, context) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    return app


def bare_app(handler: Callable, errors: list[BaseException]) -> Application:
    app = local_builder(LocalRequest()).token(TOKEN).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.StatusUpdate.ALL, handler))
    return _collecting(app, errors)


def product_app(sessions: sessionmaker[Session], errors: list[BaseException]) -> Application:
    settings = TelegramSettings(_env_file=None, TELEGRAM_BOT_TOKEN=TOKEN)
    with product_builder_uses(LocalRequest()):
        app = build_application(settings, sessions, lambda: NOW)
    return _collecting(app, errors)


def count_changes(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(StatusChange)) or 0


async def measure(url: str, sessions: sessionmaker[Session], results: Results, label: str,
                  rounds: int = 5, count: int = 200) -> None:
    errors: list[BaseException] = []
    stores = [RawStore.open(url)]
    streams = {"echo": status_stream(PRODUCT_COMMUNE, count), "raw": status_stream(RAW_COMMUNE, count),
               "status": status_stream(PRODUCT_COMMUNE, count), "việc": view_stream("việc", count // 4),
               "quá hạn": view_stream("quá hạn", count // 4)}
    apps = {"echo": bare_app(on_echo, errors), "raw": bare_app(raw_handler(stores[0]), errors),
            "status": product_app(sessions, errors)}
    if not url.startswith("sqlite"):  # whole pairs of xong/hoàn tác: the raw commune ends each stream as it began
        stores.append(RawStore.open(url, floor=True))
        streams["floor"], apps["floor"] = status_stream(RAW_COMMUNE, count), bare_app(raw_handler(stores[1]), errors)
    apps["việc"] = apps["quá hạn"] = apps["status"]
    runs: dict[str, list[float]] = {name: [] for name in [*streams, "xong", "hoàn tác"]}
    timed = ("echo", "raw", "status", "floor") if "floor" in streams else ("echo", "raw", "status")
    latency: dict[str, list[float]] = {name: [] for name in (*timed, "xong", "hoàn tác")}
    async with AsyncExitStack() as stack:
        for app in {id(a): a for a in apps.values()}.values():
            await stack.enter_async_context(app)
        for name, stream in streams.items():  # warm-up: caches filled, and proof that the writes happen
            before = count_changes(sessions)
            await push(apps[name], stream, errors)
            if name == "status" and count_changes(sessions) - before != count:
                raise RuntimeError("the product's status updates did not each write a status_changes row")
        for _ in range(rounds):
            for name, stream in streams.items():
                await push(apps[name], stream, errors)
                runs[name].append(stream.per_second())
            runs["xong"].append(streams["status"].per_second("xong"))
            runs["hoàn tác"].append(streams["status"].per_second("hoàn tác"))
            for name in timed:
                latency[name].append(streams[name].median_ms())
            for name in ("xong", "hoàn tác"):
                latency[name].append(streams["status"].median_ms(name))
        results.profiles[f"(a) {label}: {count} status updates (xong/hoàn tác)"] = await profile_async(
            lambda: push(apps["status"], streams["status"], errors))
    for store in stores:
        store.close()
    _record(results, label, runs, latency)


def _record(results: Results, label: str, runs: dict[str, list[float]], latency: dict[str, list[float]]) -> None:
    note = (f"alternating xong N / hoàn tác N over {len(plain_numbers())} of the {len(bundled_spec().tasks)} "
            "tasks (not those others wait for), chairman's chat")
    results.add(Figure("a", f"{label}: bare echo handler", "updates/s", runs["echo"]))
    results.add(Figure("a", f"{label}: raw-SQL handler (same writes)", "updates/s", runs["raw"]))
    status = results.add(Figure("a", f"{label}: product status updates", "updates/s", runs["status"], note=note))
    if label.startswith("SQLite"):
        at_least(status, 1000)
    for name in ("xong", "hoàn tác"):
        results.add(Figure("a", f"{label}: product «{name} N» alone", "updates/s", runs[name]))
    for name, what in (("echo", "bare echo"), ("raw", "raw-SQL handler"), ("status", "product status update"),
                       ("xong", "product «xong N»"), ("hoàn tác", "product «hoàn tác N»")):
        results.add(Figure("a", f"{label}: {what}, median latency", "ms", latency[name]))
    for name in ("việc", "quá hạn"):
        results.add(Figure("a", f"{label}: product «{name}» (chairman: all tasks)", "updates/s", runs[name]))
    results.add(Figure("a", f"{label}: raw-SQL time ÷ echo time", "×", ratio(runs["echo"], runs["raw"])))
    slowdown = results.add(Figure("a", f"{label}: product status time ÷ echo time", "×",
                                  ratio(runs["echo"], runs["status"])))
    at_most(slowdown, 2.5)  # SQLite and PostgreSQL alike
    if "floor" in runs:
        results.add(Figure("a", f"{label}: floor handler (2 round trips + durable commit), median latency", "ms",
                           latency["floor"]))
        results.add(Figure("a", f"{label}: floor time ÷ echo time", "×", ratio(runs["echo"], runs["floor"]),
                           note="the raw handler's work in the fewest round trips: what no code can go under"))


def run(url: str, sessions: sessionmaker[Session], results: Results, label: str, rounds: int = 5) -> None:
    asyncio.run(measure(url, sessions, results, label, rounds))
