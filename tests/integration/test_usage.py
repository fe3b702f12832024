"""Messages per unit per day (storage.usage, `nhacviec usage`): only reminders actually sent count, on the local
day they were sent, by platform, under the unit the chat had when each was sent. The sends are composed from
parts (chats of several units, on two platforms, a chat that moved unit at noon, a chat no binding knows, rows
never sent or sent outside the days asked), and what each must count for is said by the part, not by the query.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from bot.cli.main import main
from bot.core.context import Incoming
from bot.core.service import respond
from storage.invites import create_invite
from storage.models import Reminder, Unit
from storage.queries import pick_plan, unit_by_code
from storage.usage import sent_per_unit_day
from tests.conftest import VN
from tests.support.chat import seeded_chat

FIRST, LAST = date(2026, 3, 29), date(2026, 3, 31)
MOVE = datetime(2026, 3, 30, 12, 0, tzinfo=VN)  # the Zalo chat "lan" moves from kt to hcc at noon of 30/03
SEEDED = datetime(2026, 3, 1, 9, 0, tzinfo=VN)
# (chat, the unit it counts for before the move, after it); None: no binding knows the chat
CHATS = {"telegram:chat-hcc": ("hcc", "hcc"), "telegram:chat-kt": ("kt", "kt"), "telegram:chat-chutich": ("chutich",) * 2,
         "zalo:lan": ("kt", "hcc"), "zalo:binh": ("hcc", "hcc"), "telegram:-100gone": (None, None)}
# instants of the days around the window: 23:59 of the eve and 00:00 of the next day are other days
HOURS = ((0, 0), (8, 0), (11, 59), (12, 0), (16, 30), (23, 59))


def link(sessions, chat_id: str, unit: str, at: datetime) -> None:
    with sessions.begin() as session:
        code = create_invite(session, unit_by_code(session, pick_plan(session).id, unit), at, people=3).code
    for _ in range(2):  # a chat bound elsewhere is moved when it types the code twice
        respond(Incoming("zalo", chat_id, "u", "Lan", f"/lienket {code}", addressed=True, private=True), sessions, at)


def compose_sends() -> list[tuple[str, datetime, str]]:
    """(chat, sent_at, state) for every chat at every hour of the window's days and the day on each side."""
    sends = []
    for n, (chat, hour) in enumerate((chat, hour) for chat in CHATS for hour in HOURS):
        for offset in range(-1, (LAST - FIRST).days + 2):
            day = FIRST + timedelta(days=offset)
            sends.append((chat, datetime(day.year, day.month, day.day, *hour, tzinfo=VN), "sent"))
        if n % 3 == 0:  # beside them, rows that were never sent: counted nowhere
            sends.append((chat, datetime(2026, 3, 30, 8, n % 60, tzinfo=VN), "failed"))
    return sends


def expected(sends: list[tuple[str, datetime, str]]) -> Counter:
    counts: Counter = Counter()
    for chat, at, state in sends:
        day = at.date()
        if state == "sent" and FIRST <= day <= LAST:
            before, after = CHATS[chat]
            counts[chat.partition(":")[0], after if at >= MOVE else before, day] += 1
    return counts


def seed(sessions) -> list[tuple[str, datetime, str]]:
    seeded_chat(sessions, SEEDED)
    link(sessions, "binh", "hcc", SEEDED)
    link(sessions, "lan", "kt", SEEDED)
    link(sessions, "lan", "hcc", MOVE)
    sends = compose_sends()
    with sessions.begin() as session:
        plan_id = pick_plan(session).id
        session.execute(insert(Reminder), [
            {"plan_id": plan_id, "subject": f"usage:{n}", "kind": "due", "due_at": at, "chat": chat, "state": state,
             "sent_at": at if state == "sent" else None} for n, (chat, at, state) in enumerate(sends)])
    return sends


def test_sent_reminders_are_counted_per_platform_unit_and_day(sessions) -> None:
    sends = seed(sessions)
    with sessions.begin() as session:
        codes = {unit.id: unit.code for unit in session.query(Unit)}
        found = Counter({(row.platform, codes.get(row.unit_id), row.day): row.sent
                         for row in sent_per_unit_day(session, FIRST, LAST)})
    assert found == expected(sends)
    assert found["zalo", "kt", date(2026, 3, 30)] == 3 and found["zalo", "hcc", date(2026, 3, 30)] == 9


def test_the_command_reports_units_days_the_busiest_and_the_zalo_month(sessions, monkeypatch, capsys) -> None:
    sends = seed(sessions)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", sessions.kw["bind"].url.render_as_string(hide_password=False))
    monkeypatch.setenv("ZALO_MONTHLY_BUDGET", "40")
    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "NHACVIEC_TODAY", "NHACVIEC_TENANTS_FILE"):
        monkeypatch.setenv(name, "")
    today = datetime(2026, 3, 31, 20, 0, tzinfo=VN)
    assert main(["usage", "--days", "3", "--json"], clock=lambda: today) == 0
    report = json.loads(capsys.readouterr().out)
    zalo = next(p for p in report["platforms"] if p["platform"] == "zalo")
    counts = expected(sends)
    assert zalo["sent"] == sum(n for (platform, _, _), n in counts.items() if platform == "zalo")
    [march] = zalo["months"]
    assert (march["month"], march["days"], march["sent"], march["budget"]) == ("2026-03", 3, zalo["sent"], 40)
    assert march["projected"] == -(-zalo["sent"] * 31 // 3) and march["over"]
    hcc = next(u for u in zalo["units"] if u["unit"] == "hcc")
    assert hcc["days"] == {d.isoformat(): n for (p, u, d), n in counts.items() if (p, u) == ("zalo", "hcc")}
    assert hcc["busiest"] == {"day": "2026-03-31", "sent": 12}
    unknown = [u for p in report["platforms"] for u in p["units"] if u["unit"] is None]
    assert [u["sent"] for u in unknown] == [len(HOURS) * 3]
    assert main(["usage", "--days", "3"], clock=lambda: today) == 0
    shown = capsys.readouterr().out
    assert "Tin nhắc đã gửi từ 29/03/2026 đến 31/03/2026" in shown and "vượt hạn mức" in shown
    assert "Nam An Phụ · Trung tâm Phục vụ hành chính công" in shown
