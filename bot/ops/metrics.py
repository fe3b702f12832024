"""The Prometheus metrics of one process (prometheus-client's default registry), served at /metrics.

What is per bot is labelled by its tenant and bot key (plan_data.tenants; "" for the deployment's own), never
by its token."""

from __future__ import annotations

from functools import cache

from prometheus_client import Counter, Gauge, Histogram

REPLIES = Counter("nhacviec_replies_total", "Replies sent to people", ["platform", "tenant", "bot"])
REMINDERS = Counter("nhacviec_reminders_total", "Reminders the scheduler settled", ["outcome"])
PENDING = Gauge("nhacviec_reminders_pending", "Reminder rows waiting to be sent (all plans)")
ZALO_USED = Gauge("nhacviec_zalo_budget_used", "Zalo messages sent this calendar month, by bot key (\"\": the own bot)",
                  ["bot"])
ZALO_LIMIT = Gauge("nhacviec_zalo_budget_limit", "A Zalo bot's monthly budget (ZALO_MONTHLY_BUDGET, or its own)",
                   ["tenant", "bot"])
TICK = Histogram("nhacviec_tick_seconds", "Duration of one scheduler tick",
                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
STALL = Gauge("nhacviec_loop_stall_seconds", "How late the event loop woke up for its last 1 s check")
STALL_MAX = Gauge("nhacviec_loop_stall_max_seconds", "The longest event-loop stall since the start")


@cache
def replied(platform: str, tenant: str, bot: str) -> Counter:
    """The replies' series of one bot, looked up once rather than on every reply."""
    return REPLIES.labels(platform, tenant, bot)
