"""Is the bot alive and able to work? /healthz, /readyz and /metrics (Prometheus): Starlette routes, served by
the bot's web server (bot.web.server) with every other route.

/healthz: the process answers. /readyz: the database answers, its migrations are current, the scheduler
ticked within the last 2 minutes, and each bot of each channel (per tenant and bot key) polled (or, on a webhook, is listening) within its
window. Elapsed time here is a monotonic stopwatch, not the calendar clock the rules use: it says how long
ago the process itself did something, whatever the clock of the plan says.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.ops.metrics import PENDING, REMINDERS, STALL, STALL_MAX, TICK, ZALO_USED
from bot.ops.texts import bot_label
from jobs.engine import ReminderEngine, TickReport
from storage.models import Reminder, ZaloQuota

log = logging.getLogger(__name__)
TICK_WINDOW = 120.0  # seconds: the scheduler ticks every 30
POLL_WINDOW = 120.0  # seconds: a long poll answers within its timeout (10 s Telegram, 30 s Zalo)



@dataclass
class ChannelWatch:
    """What /readyz checks of one bot of a channel (bot.channels.channel.Served.watches)."""

    name: str
    mode: str  # polling | webhook
    last_seen: Callable[[], float | None]  # monotonic time of its last poll answer, or of its last activity
    tenant: str = ""  # plan_data.tenants: the bot's tenant and key, "" the deployment's own
    bot: str = ""

    @property
    def check(self) -> str:
        """Its check's name: "channel:telegram" for the deployment's own bot (as before tenants),
        "channel:telegram:hai-phong/111" for a tenant's."""
        if not self.tenant and not self.bot:
            return f"channel:{self.name}"
        return f"channel:{self.name}:{bot_label(self.tenant, self.bot)}"


@dataclass
class Health:
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime]
    monotonic: Callable[[], float] = time.monotonic
    channels: list[ChannelWatch] = field(default_factory=list)
    last_tick: float | None = None
    head: str | None = None

    def __post_init__(self) -> None:
        from alembic.script import ScriptDirectory

        from storage.migrate import alembic_config

        self.head = ScriptDirectory.from_config(alembic_config()).get_current_head()

    def ticked(self) -> None:
        self.last_tick = self.monotonic()

    def checks(self) -> dict[str, dict[str, object]]:
        """Each readiness check: {"ok": bool, "detail": str}. Blocking (database): call in a thread."""
        found = {"database": self._database()}
        found["scheduler"] = self._recent(self.last_tick, TICK_WINDOW, "last tick")
        for channel in self.channels:
            found[channel.check] = {**self._channel(channel), "tenant": bot_label(channel.tenant, ""),
                                    "bot": channel.bot}
        return found

    def _channel(self, channel: ChannelWatch) -> dict[str, object]:
        if channel.mode == "webhook":  # a quiet night brings no post: listening is all one can ask
            seen = channel.last_seen()
            return {"ok": True, "detail": "webhook listening" + (
                f", last activity {self.monotonic() - seen:.0f}s ago" if seen is not None else ", no activity yet")}
        return self._recent(channel.last_seen(), POLL_WINDOW, "last poll")

    def _database(self) -> dict[str, object]:
        from alembic.migration import MigrationContext

        try:
            with self.sessions() as session:
                session.execute(text("SELECT 1"))
                current = MigrationContext.configure(session.connection()).get_current_revision()
        except Exception as problem:  # any driver error means "not ready"; the log has the details
            log.warning("readiness: the database did not answer: %s", type(problem).__name__)
            return {"ok": False, "detail": f"database error: {type(problem).__name__}"}
        if current != self.head:
            return {"ok": False, "detail": f"migrations at {current}, head is {self.head}: run `nhacviec init`"}
        return {"ok": True, "detail": f"migrations at {current}"}

    def _recent(self, at: float | None, window: float, what: str) -> dict[str, object]:
        if at is None:
            return {"ok": False, "detail": f"no {what} yet"}
        ago = self.monotonic() - at
        return {"ok": ago <= window, "detail": f"{what} {ago:.0f}s ago (window {window:.0f}s)"}

    def gauges(self) -> None:
        """The figures read from the database at scrape time (blocking: call in a thread)."""
        from jobs.quota import month_of

        with self.sessions() as session:
            PENDING.set(session.scalar(select(func.count()).select_from(Reminder)
                                       .where(Reminder.state == "pending")) or 0)
            month = session.execute(select(ZaloQuota.bot, ZaloQuota.sent).where(ZaloQuota.month == month_of(self.clock())))
            for bot, sent in month:
                ZALO_USED.labels(bot).set(sent)

    def routes(self) -> list[Route]:
        return [Route("/healthz", self._healthz, methods=["GET"]), Route("/readyz", self._readyz, methods=["GET"]),
                Route("/metrics", self._metrics, methods=["GET"])]

    async def _healthz(self, request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def _readyz(self, request: Request) -> Response:
        checks = await asyncio.to_thread(self.checks)
        ready = all(c["ok"] for c in checks.values())
        body = json.dumps({"ready": ready, "checks": checks}, ensure_ascii=False).encode()
        return Response(body, 200 if ready else 503, media_type="application/json")

    async def _metrics(self, request: Request) -> Response:
        try:
            await asyncio.to_thread(self.gauges)
        except Exception as problem:  # the process's own figures are still worth serving
            log.warning("metrics: the database did not answer: %s", type(problem).__name__)
        return Response(generate_latest(), 200, headers={"content-type": CONTENT_TYPE_LATEST})


class ObservedEngine(ReminderEngine):
    """The reminder engine, timing each tick and counting what it settled, for /readyz and /metrics."""

    def __init__(self, *args, health: Health, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.health = health

    async def tick(self) -> TickReport:
        started = time.perf_counter()
        report = await super().tick()
        TICK.observe(time.perf_counter() - started)
        REMINDERS.labels("sent").inc(report.sent)
        REMINDERS.labels("failed").inc(report.failed)
        self.health.ticked()
        level = logging.INFO if report.planned or report.sent or report.failed or report.retried else logging.DEBUG
        log.log(level, "tick: planned=%d sent=%d failed=%d retried=%d", report.planned, report.sent,
                report.failed, report.retried, extra={"event": "tick"})
        return report


async def watch_loop(interval: float = 1.0) -> None:
    """Sleeps `interval` again and again; how much later than asked it woke is the loop's stall."""
    loop = asyncio.get_running_loop()
    worst = 0.0
    while True:
        asked = loop.time()
        await asyncio.sleep(interval)
        stall = max(loop.time() - asked - interval, 0.0)
        worst = max(worst, stall)
        STALL.set(stall)
        STALL_MAX.set(worst)
