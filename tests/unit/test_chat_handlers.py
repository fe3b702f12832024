"""The chat's handlers on the in-memory ChatStore (tests/support/memory_store.py), the seed plan loaded into it
as into a database, and no database at all: any connection asked for fails the test. The service's own
dispatch (bot.core.service.handle) runs them: the chat's binding, its role, the registry's handler."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.core import texts
from bot.core.context import Button, Incoming, Reply
from bot.core.service import handle, understood
from plan_data.lifecycle import Act, State
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.zone import VN
from tests.support.memory_store import MemoryStore, Occurrence, Plan

SPEC = read_plan(BUNDLED_PLAN)
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # a Monday
CHATS = ("vhxh", "vp", "kt", "hcc", "dvsn", "chutich")


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a handler's unit test asked for a database connection")

    monkeypatch.setattr(Engine, "connect", refused)
    monkeypatch.setattr(Engine, "raw_connection", refused)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    plan = store.load(SPEC, NOW)
    for code in CHATS:
        store.bind(plan, code, "telegram", f"chat-{code}")
    return store


def say(store: MemoryStore, unit: str, text: str, at: datetime = NOW, message: str = "41") -> Reply:
    """The message as bot.core.service.respond reads it, then handled on the store."""
    command, incoming = understood(Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", text,
                                            message_id=message, addressed=True), at)
    reply = handle(command, incoming, at, store)
    assert reply is not None
    return reply


def plan_of(store: MemoryStore) -> Plan:
    return store.plans[0]


def occurrence(store: MemoryStore, number: str, seq: int = 0) -> Occurrence:
    return next(t for t in plan_of(store).tasks if t.number == number).occurrences[seq]


def unit_name(store: MemoryStore, code: str) -> str:
    return next(u.name for u in plan_of(store).units if u.code == code)


def test_xong_records_the_task_done_with_its_author_and_offers_its_undo(store: MemoryStore) -> None:
    reply = say(store, "hcc", "xong 17 đã ban hành Kế hoạch số 12")
    done = occurrence(store, "17")
    assert (done.status, done.done_at, done.done_by, done.note) == \
        (State.DONE.value, NOW, "Cán bộ hcc", "đã ban hành Kế hoạch số 12")
    assert reply.text.startswith("✅ ") and texts.ON_TIME in reply.text
    assert reply.buttons == (Button(texts.BUTTON_UNDO, "hoàn tác 17 #41"),)
    [change] = store.changes
    assert (change.action, change.at, change.platform, change.user_id, change.user_name, change.chat_id,
            change.message_id) == (Act.DONE, NOW, "telegram", "user-hcc", "Cán bộ hcc", "chat-hcc", "41")
    assert (change.before["status"], change.after["status"], change.note) == \
        (State.OPEN.value, State.DONE.value, "đã ban hành Kế hoạch số 12")
    assert change.occurrence.changes == [change]


def test_hoan_tac_puts_back_what_xong_set_and_records_who_undid_it(store: MemoryStore) -> None:
    say(store, "hcc", "xong 17")
    later = NOW + timedelta(minutes=10)
    reply = say(store, "hcc", "hoàn tác 17", at=later, message="42")
    reopened = occurrence(store, "17")
    assert (reopened.status, reopened.done_at, reopened.done_by) == (State.OPEN.value, None, None)
    done, undo = store.changes
    assert done.undone and not undo.undone
    assert (undo.action, undo.at, undo.user_name, undo.chat_id, undo.message_id) == \
        (Act.UNDO, later, "Cán bộ hcc", "chat-hcc", "42")
    assert (undo.before["status"], undo.after["status"]) == (State.DONE.value, State.OPEN.value)
    assert reply.text.startswith("↩️ ") and "«báo xong»" in reply.text and "Cán bộ hcc" in reply.text
    again = say(store, "hcc", "hoàn tác 17", at=later)  # an undo is not itself undone
    assert again.text == texts.UNDO_NOTHING.format(task=texts.task_name("17", SPEC.tasks[16].content))
    assert len(store.changes) == 2


def test_td_records_the_progress_and_its_note(store: MemoryStore) -> None:
    reply = say(store, "hcc", "td 17 50% đang lấy ý kiến")
    going = occurrence(store, "17")
    assert (going.progress, going.status, going.note) == (50, State.OPEN.value, "đang lấy ý kiến")
    assert reply.text == texts.PROGRESS_OK.format(task=texts.task_name("17", SPEC.tasks[16].content), label="",
                                                  percent=50)
    [change] = store.changes
    assert (change.action, change.before["progress"], change.after["progress"]) == (Act.PROGRESS, 0, 50)


def test_another_units_task_is_refused_and_nothing_changes(store: MemoryStore) -> None:
    """BC-hcc: led by hcc, coordinated by vhxh alone: kt has no part in it."""
    before = vars(occurrence(store, "BC-hcc")).copy()
    for said in ("xong BC-hcc", "td BC-hcc 50%", "hoàn tác BC-hcc"):
        reply = say(store, "kt", said)
        assert reply.text == texts.NOT_YOURS.format(number="BC-hcc", unit=unit_name(store, "hcc"),
                                                    me=unit_name(store, "kt")), said
        assert reply.buttons == ()
    assert vars(occurrence(store, "BC-hcc")) == before
    assert store.changes == []


def test_a_coordinator_reports_its_part_never_the_task(store: MemoryStore) -> None:
    """Task 17 is led by hcc and coordinated by kt among others: kt's «xong 17» is pointed to its part, its
    «xong phần 17» is its part alone, and its «hoàn tác 17» takes the part back."""
    before = vars(occurrence(store, "17")).copy()
    refused = say(store, "kt", "xong 17")
    assert refused.text == texts.PART_USE_FORM.format(numbers="17", number="17", me=unit_name(store, "kt"),
                                                      unit=unit_name(store, "hcc"))
    assert store.changes == [] and refused.buttons == ()
    assert "(1/4 đơn vị phối hợp đã xong)" in say(store, "kt", "xong phan 17 a").text
    assert [(p.unit_code, p.status) for p in store.task_parts.values()] == [("kt", "done")]
    assert [c.action for c in store.changes] == [Act.PART_DONE]
    assert vars(occurrence(store, "17")) | {"changes": []} == before | {"changes": []}  # the lead's state untouched
    assert say(store, "kt", "hoàn tác 17").text.startswith("↩️")
    assert store.task_parts == {}


def test_the_chairman_may_close_any_units_task(store: MemoryStore) -> None:
    say(store, "chutich", "xong 17")
    assert occurrence(store, "17").status == State.DONE.value
    assert store.changes[0].chat_id == "chat-chutich"


def test_xong_of_the_commune_plan_dates_the_units_plans_and_its_undo_takes_the_dates_back(store: MemoryStore) -> None:
    """Task 1 (the commune's plan) done: each unit's own plan («Sau khi UBND xã ban hành …») is due 15 days
    later (the plan's days_after_trigger), each an audited change; «hoàn tác 1» takes them back."""
    waiting = ["KH-vp", "KH-kt", "KH-hcc", "KH-dvsn"]
    reply = say(store, "vhxh", "xong 1")
    assert reply.text.endswith(texts.CHAINED.format(numbers=", ".join(waiting), number="1",
                                                    due=texts.day_with_weekday(NOW.date() + timedelta(days=15))))
    assert [occurrence(store, n).due for n in waiting] == [NOW.date() + timedelta(days=15)] * 4
    assert [c.action for c in store.changes] == [Act.DONE] + [Act.SET_DATE] * 4
    undone = say(store, "vhxh", "hoàn tác 1", at=NOW + timedelta(minutes=5))
    assert undone.text.endswith(texts.UNCHAINED.format(numbers=", ".join(waiting), number="1"))
    assert [occurrence(store, n).due for n in waiting] == [None] * 4
    assert all(c.undone for c in store.changes[:5]) and [c.action for c in store.changes[5:]] == [Act.UNDO] * 5


def test_a_date_set_before_the_days_first_send_brings_todays_reminder(store: MemoryStore) -> None:
    """«hạn 7 2/3» at 07:40, the day's rows already written at midnight: today's 08:00 «due» is asked for."""
    early = NOW.replace(hour=7, minute=40)
    plan_of(store).reminders_until = early.replace(hour=23, minute=59)
    reply = say(store, "vhxh", "hạn 7 2/3", at=early)
    assert reply.text.startswith("📅 ") and occurrence(store, "7").due == early.date()
    assert [(r.kind, r.at) for r in store.reminders.values() if r.task == "7"] == [("due", NOW.replace(hour=8))]


def test_nhac_lai_asks_for_one_more_reminder_on_the_next_working_day(store: MemoryStore) -> None:
    reply = say(store, "hcc", "nhắc lại 17")
    tuesday = NOW.replace(day=3, hour=8)
    [reminder] = store.reminders.values()
    assert (reminder.kind, reminder.at, reminder.chat, reminder.occurrence_id) == \
        ("snooze", tuesday, "telegram:chat-hcc", occurrence(store, "17").id)
    assert "08:00" in reply.text
    assert store.changes == []  # a snooze changes no task


def test_a_person_taken_assigned_and_undone_on_the_memory_store(store: MemoryStore) -> None:
    """«nhận», «giao», «hoàn tác» on the in-memory store as on a database: the person a field of the task,
    each change audited on its occurrence and undone in order."""
    task = next(t for t in plan_of(store).tasks if t.number == "17")
    hcc = next(u for u in plan_of(store).units if u.code == "hcc")
    lan = store.meet(hcc.id, "telegram", "lan", "Nguyễn Thị Lan", "lan_hcc", NOW)
    assert "Cán bộ hcc đã nhận NV 17" in say(store, "hcc", "em nhận 17 ạ").text
    taker = task.person_id
    assert taker is not None and taker != lan
    assert "đã giao cho Nguyễn Thị Lan (@lan_hcc)" in say(store, "chutich", "giao 17 @lan_hcc", message="42").text
    assert task.person_id == lan
    assert [c.action for c in store.changes[-2:]] == [Act.TAKE, Act.ASSIGN]
    assert "hoàn tác «giao cho» Nguyễn Thị Lan" in say(store, "chutich", "hoàn tác 17", message="43").text
    assert task.person_id == taker
    assert "chưa biết ai là «Minh»" in say(store, "vhxh", "giao 17 cho Minh").text and task.person_id == taker
