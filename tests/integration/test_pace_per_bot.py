"""Each bot keeps its own pace (issue 28): two tenants' bots burst at 08:00 on the virtual clock, each within
Telegram's 30 a second per bot, 20 a minute per group and 1 a second per chat, neither waiting for the other;
a new engine on the same database (a restart) keeps every limit; two Zalo bots' months are counted apart.
The senders are the far end of the network: they only note when each message would have left."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from jobs.engine import ReminderEngine
from jobs.quota import MonthlyBudget, usage_of
from storage.models import ChatBinding, Reminder
from storage.queries import pick_plan, unit_by_code
from tests.conftest import VN
from tests.support.engine import VirtualClock, seeded
from tests.support.pace import over

MORNING = datetime(2026, 3, 31, 8, 0, tzinfo=VN)
BOTS = {"telegram/111": "111", "telegram/222": "222"}


@dataclass
class Recorder:
    """A bot's far end: (chat, instant) of every message it took."""

    clock: VirtualClock
    platform: str = "telegram"
    sent: list[tuple[str, datetime]] = field(default_factory=list)

    async def send(self, chat_id: str, text: str, buttons=(), mentions=(), files=()) -> None:
        self.sent.append((chat_id, self.clock.now))


@pytest.fixture
def sessions(database_kind: str, request: pytest.FixtureRequest) -> Iterator[sessionmaker[Session]]:
    """The seeded plan, its day written before the bots' chats are bound: only the notices below go out."""
    for sessions in seeded(request, database_kind):
        ReminderEngine(sessions, lambda: MORNING, {}).plan_ahead(MORNING)
        yield sessions


def due(sessions: sessionmaker[Session], bot: str, chats: dict[str, int], at: datetime = MORNING) -> None:
    """`chats[chat]` notices due at `at` into each chat, bound through `bot` (bound first if new)."""
    with sessions.begin() as session:
        plan = pick_plan(session)
        unit = unit_by_code(session, plan.id, "vp")
        known = {b.chat_id for b in session.query(ChatBinding).filter(ChatBinding.chat_id.in_(chats))}
        for chat, count in chats.items():
            if chat not in known:
                session.add(ChatBinding(plan_id=plan.id, unit_id=unit.id, platform="telegram", chat_id=chat,
                                        bot=bot, bound_at=at))
            session.add_all(Reminder(plan_id=plan.id, occurrence_id=None, subject=f"notice:{chat}:{at}:{n}",
                                     kind="notice", due_at=at, chat=f"telegram:{chat}", state="pending",
                                     text=f"Tin {n}") for n in range(count))


def engine(sessions: sessionmaker[Session], clock: VirtualClock, senders: dict[str, Recorder]) -> ReminderEngine:
    return ReminderEngine(sessions, clock, senders, sleep=clock.sleep)


def seconds(sent: list[tuple[str, datetime]]) -> list[float]:
    return [(at - MORNING).total_seconds() for _chat, at in sent]


def assert_within_limits(sent: list[tuple[str, datetime]]) -> None:
    """30 a second for the bot, 1 a second and 20 a minute for each chat."""
    assert over(seconds(sent), 30, 1.0) == 0
    for chat in {chat for chat, _at in sent}:
        times = [t for c, t in zip((c for c, _ in sent), seconds(sent), strict=True) if c == chat]
        assert over(times, 1, 1.0) == 0 and over(times, 20, 60.0) == 0


async def test_two_bots_bursts_keep_their_own_limits_and_do_not_wait_for_each_other(sessions) -> None:
    clock = VirtualClock(MORNING)
    senders = {route: Recorder(clock) for route in BOTS}
    due(sessions, "111", {"-3999": 3} | {str(-3000 - i): 1 for i in range(60)})  # one chat with three, first
    due(sessions, "222", {str(-4000 - i): 1 for i in range(60)})
    await engine(sessions, clock, senders).tick()
    a, b = senders["telegram/111"].sent, senders["telegram/222"].sent
    assert (len(a), len(b)) == (63, 60)
    for sent in (a, b):
        assert_within_limits(sent)
    # on its own, each bot needs two of its seconds for 60 messages (1.2 s each, with the guard), three for
    # 63: had they shared one pace, 123 messages would have needed five
    assert max(seconds(b)) < 2 * 1.2 and max(seconds(a)) < 3 * 1.2
    assert sorted(seconds(a))[59] < 2 * 1.2  # the chat with three, each a second apart, held up no other


async def test_a_restart_keeps_every_limit(sessions) -> None:
    """What a first engine sent is in send_slots: a second engine on the same database waits for the bot's
    second, the chat's second and the group's minute as the first would have."""
    clock = VirtualClock(MORNING)
    first = {route: Recorder(clock) for route in BOTS}
    due(sessions, "111", {"-5999": 15} | {str(-5000 - i): 1 for i in range(30)})
    await engine(sessions, clock, first).tick()  # 30 chats at once, the group one a second (and the guard)
    before = first["telegram/111"].sent
    assert len(before) == 45
    then = {route: Recorder(clock) for route in BOTS}
    due(sessions, "111", {"-5999": 6} | {str(-5000 - i): 1 for i in range(30)}, at=clock.now)
    due(sessions, "222", {str(-6000 - i): 1 for i in range(30)}, at=clock.now)
    await engine(sessions, clock, then).tick()
    after = then["telegram/111"].sent
    assert_within_limits(before + after)  # the bot's second and each chat's second and minute, across both
    group = [at for chat, at in after if chat == "-5999"]
    assert len(group) == 5  # the group's 20 of the minute, counted from before the restart: the 21st waits
    assert group[0] - max(at for chat, at in before if chat == "-5999") >= timedelta(seconds=1)
    assert len(then["telegram/222"].sent) == 30  # the other bot's own second, untouched by the first's


def test_two_zalo_bots_months_are_counted_apart(sessions) -> None:
    clock = VirtualClock(MORNING)
    own, tenants = MonthlyBudget(sessions, clock, 10), MonthlyBudget(sessions, clock, 10, bot="333")
    own.spend(2)
    tenants.spend(9)
    with sessions.begin() as session:
        assert usage_of(session, "", MORNING, 10).sent == 2 and usage_of(session, "333", MORNING, 10).sent == 9
    tenants.mark_spent()
    assert own.reminders_allowed() and own.replies_allowed() and not tenants.reminders_allowed()
