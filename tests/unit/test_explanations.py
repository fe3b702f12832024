"""«giải trình»: how a request and its answer are read however typed, when the answer is due and when an
unanswered request is raised (plan_data.explanations), and the handlers on the in-memory store."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from bot.core.commands import AskExplanation, Explain, Unknown
from bot.core.context import Incoming, Reply
from bot.core.registry import parse
from bot.core.service import handle, understood
from plan_data.explanations import Standing, answer_due, answers_by_occurrence, raise_at, standing
from plan_data.policy import Policy, work_calendar
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.zone import VN
from tests.support.memory_store import MemoryStore

TODAY = date(2026, 4, 6)

# --- reading what was typed ---------------------------------------------------------------------------

ASKS = [  # a request: the task alone, however politely
    "giải trình 17", "giai trinh 17", "GIẢI TRÌNH 17", "giải trình nv 17", "giải trình 17 ạ", "giai trinh 17 nhe",
    "yêu cầu giải trình 17", "yeu cau giai trinh nhiem vu 17", "yc giai trinh 17", "/yeucaugiaitrinh 17",
    "/giaitrinh 17", "yêu cầu giải trình 17 nhé",
]


@pytest.mark.parametrize("typed", ASKS)
def test_a_task_alone_asks_for_an_explanation(typed: str) -> None:
    assert parse(typed, today=TODAY, addressed=True) == AskExplanation("17")


ANSWERS = [  # (typed, reason, the proposed date as typed or None)
    ("giải trình 17: lý do chờ hướng dẫn của thành phố, đề xuất hạn mới 30/12", "chờ hướng dẫn của thành phố", "30/12"),
    ("giai trinh 17: ly do cho huong dan, de xuat han moi 30/12/2026", "cho huong dan", "30/12/2026"),
    ("giải trình 17: thiếu kinh phí, đề nghị gia hạn đến 30/12 ạ", "thiếu kinh phí", "30/12"),
    ("giai trinh 17 thieu kinh phi, de nghi gia han den ngay 15/1/2027 nhe", "thieu kinh phi", "15/1/2027"),
    ("Giải trình NV 17: do chờ ký, đề xuất hạn mới 30/12 ạ", "chờ ký", "30/12"),
    ("xin giải trình 17: chờ ý kiến Sở Nội vụ. Đề xuất hạn mới: 20/12", "chờ ý kiến Sở Nội vụ", "20/12"),
    ("giải trình 17: chờ ký, hạn mới 15/1", "chờ ký", "15/1"),
    ("giải trình 17 - nguyên nhân: cán bộ nghỉ ốm", "cán bộ nghỉ ốm", None),
    ("giải trình 17: thiếu người ạ", "thiếu người", None),
    ("giải trình 17: chờ ký, đề xuất hạn mới 30/12 để kịp trình HĐND", "chờ ký, để kịp trình HĐND", "30/12"),
    ("giải trình 17: thiếu người, đề xuất hạn mới abc", "thiếu người", "abc"),  # asked about by the handler
    ("giải trình 17: thiếu người, đề xuất hạn mới", "thiếu người", ""),
    ("giải trình 17: thiếu người, đề nghị gia hạn đến 32/13", "thiếu người", "32/13"),
]


@pytest.mark.parametrize("typed, reason, date_text", ANSWERS)
def test_an_answer_keeps_its_reason_and_the_date_it_proposes(typed: str, reason: str, date_text: str | None) -> None:
    assert parse(typed, today=TODAY, addressed=True) == Explain("17", reason, date_text)


@pytest.mark.parametrize("typed, hint", [
    ("giải trình 17: đề xuất hạn mới 30/12", "Thiếu lý do"),
    ("giải trình 17, 18", "Mỗi lần chỉ một nhiệm vụ"),
    ("giải trình", "Thiếu số nhiệm vụ"),
    ("yêu cầu giải trình 17, 18", "Mỗi lần chỉ một nhiệm vụ"),
])
def test_what_cannot_be_read_gets_a_hint(typed: str, hint: str) -> None:
    read = parse(typed, today=TODAY, addressed=True)
    assert isinstance(read, Unknown) and read.hint and read.hint.startswith(hint)


@pytest.mark.parametrize("typed", ["giải trình 17 thế nào hả anh?", "giai trinh 17 sao roi?",
                                   "giải trình 17 xong chưa?", "giải trình là phải có lý do"])
def test_talk_about_an_explanation_in_a_group_is_not_an_answer(typed: str) -> None:
    assert parse(typed, today=TODAY) is None  # group talk, not addressed to the bot: no answer recorded


def test_a_question_addressed_to_the_bot_gets_the_hint_not_a_record() -> None:
    read = parse("giải trình 17 thế nào?", today=TODAY, addressed=True)
    assert isinstance(read, Unknown) and read.hint and read.hint.startswith("Thiếu lý do")


# Answers composed from parts: every way of naming the command, the task, the reason, proposing a date and
# being polite, read back into the same reason and date.
STARTS = ["giải trình", "giai trinh", "Giải trình", "xin giải trình", "/giaitrinh"]
TASKS = ["17", "nv 17", "nhiệm vụ 17", "NV17"]
LEADS = [": ", " ", " - ", ": lý do ", ": ly do: ", ": nguyên nhân "]
REASONS = ["chờ hướng dẫn của Sở Nội vụ", "thieu kinh phi", "cán bộ phụ trách nghỉ sinh, chưa có người thay",
           "chưa nhận được văn bản số 123/UBND-VP"]
MARKERS = [", đề xuất hạn mới ", ", de xuat han moi ", ". Đề nghị gia hạn đến ", "; đề nghị gia hạn đến ngày ",
           ", xin gia hạn đến ", ", đề xuất hạn mới: "]
DATES = ["30/12", "30/12/2026", "5/1/2027", "05/01"]
ENDS = ["", " ạ", " nhé", " nha", "."]


@dataclass(frozen=True)
class Composed:
    typed: str
    reason: str
    date_text: str | None


def composed(seed: int) -> Composed:
    pick = random.Random(seed).choice
    reason = pick(REASONS)
    with_date = pick([True, True, False])
    date_text = pick(DATES) if with_date else None
    tail = f"{pick(MARKERS)}{date_text}" if with_date else ""
    return Composed(f"{pick(STARTS)} {pick(TASKS)}{pick(LEADS)}{reason}{tail}{pick(ENDS)}", reason, date_text)


@pytest.mark.parametrize("seed", range(150))
def test_composed_answers_are_read_back(seed: int) -> None:
    case = composed(seed)
    read = parse(case.typed, today=TODAY, addressed=True)
    assert read == Explain("17", case.reason.rstrip("."), case.date_text), case.typed


def test_the_composed_answers_are_varied() -> None:
    cases = [composed(seed) for seed in range(150)]
    assert len({c.typed for c in cases}) > 140  # a repeat or two among 150 draws
    assert {c.date_text is None for c in cases} == {True, False}


# --- when it is due, when it is raised ----------------------------------------------------------------

WEDNESDAY_OFF = Policy(days_off=(date(2026, 4, 8),))


@pytest.mark.parametrize("policy, asked, due", [
    (Policy(), date(2026, 4, 6), date(2026, 4, 9)),  # Monday: Tuesday, Wednesday, Thursday
    (WEDNESDAY_OFF, date(2026, 4, 6), date(2026, 4, 10)),  # a day off is not counted
    (Policy(), date(2026, 4, 9), date(2026, 4, 14)),  # Thursday: Friday, then over the weekend
    (Policy(explain_working_days=1), date(2026, 4, 10), date(2026, 4, 13)),  # a plan's own setting
    (Policy(), date(2026, 4, 11), date(2026, 4, 15)),  # asked on a Saturday: counted from the next working day
])
def test_the_answer_is_due_after_the_plans_working_days(policy: Policy, asked: date, due: date) -> None:
    calendar = work_calendar(policy)
    assert answer_due(asked, policy, calendar) == due
    assert calendar.working_days_between(asked, due) == policy.explain_working_days


@pytest.mark.parametrize("policy, due, raised", [
    (Policy(), date(2026, 4, 9), datetime(2026, 4, 10, 8, 0, tzinfo=VN)),
    (Policy(), date(2026, 4, 10), datetime(2026, 4, 13, 8, 0, tzinfo=VN)),  # Friday's: on Monday
    (Policy(send_at=time(9, 30)), date(2026, 4, 7), datetime(2026, 4, 8, 9, 30, tzinfo=VN)),
    (WEDNESDAY_OFF, date(2026, 4, 7), datetime(2026, 4, 9, 8, 0, tzinfo=VN)),
])
def test_an_unanswered_request_is_raised_the_next_working_morning(policy: Policy, due: date, raised: datetime) -> None:
    assert raise_at(due, policy, work_calendar(policy)) == raised


@pytest.mark.parametrize("value", [0, 31, "3", True])
def test_the_policy_refuses_an_answer_window_out_of_range(value: object) -> None:
    with pytest.raises(ValueError, match="explain_working_days"):
        Policy.from_mapping({"explain_working_days": value})


@dataclass
class Asked:
    occurrence_id: int
    due: date
    answered_at: datetime | None = None
    withdrawn: bool = False


def test_where_a_request_stands_and_which_answer_a_report_says() -> None:
    asked = Asked(1, date(2026, 4, 9))
    assert [standing(asked, day) for day in (date(2026, 4, 9), date(2026, 4, 10))] == [Standing.ASKED, Standing.LATE]
    first = Asked(1, date(2026, 4, 9), datetime(2026, 4, 8, 9, tzinfo=VN))
    later = Asked(1, date(2026, 5, 9), datetime(2026, 5, 8, 9, tzinfo=VN))
    undone = Asked(2, date(2026, 4, 9), datetime(2026, 4, 8, 9, tzinfo=VN), withdrawn=True)
    assert standing(first, date(2026, 6, 1)) is Standing.ANSWERED
    assert answers_by_occurrence([first, later, undone, asked]) == {1: later}
    assert answers_by_occurrence([first, later, undone], as_of=date(2026, 4, 30)) == {1: first}


# --- the handlers, on the in-memory store ---------------------------------------------------------------

NOW = datetime(2026, 4, 6, 9, 0, tzinfo=VN)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    plan = store.load(read_plan(BUNDLED_PLAN), NOW)
    for code in ("vhxh", "kt", "hcc", "chutich"):
        store.bind(plan, code, "telegram", f"chat-{code}")
    return store


def say(store: MemoryStore, unit: str, text: str) -> Reply:
    command, incoming = understood(Incoming("telegram", f"chat-{unit}", f"user-{unit}", f"Cán bộ {unit}", text,
                                            message_id="9", addressed=True), NOW)
    reply = handle(command, incoming, NOW, store)
    assert reply is not None
    return reply


def test_the_overdue_list_offers_a_few_requests_to_overseers_only(store: MemoryStore) -> None:
    chairman = say(store, "chutich", "quá hạn")
    commands = [button.command for button in chairman.buttons]
    assert 0 < len(commands) <= 3 and all(c.startswith("yêu cầu giải trình ") for c in commands)
    assert len(set(commands)) == len(commands)
    assert all(c.split()[-1] in chairman.text for c in commands)  # each names a task of the list
    assert not say(store, "hcc", "quá hạn").buttons
    tapped = say(store, "chutich", commands[0])  # the button runs as typed
    assert "đã yêu cầu" in tapped.text and store.notices[-1][0] == "explain"


def test_a_request_then_its_answer_reach_the_unit_then_the_chairman(store: MemoryStore) -> None:
    assert "đã yêu cầu Trung tâm Phục vụ hành chính công giải trình" in say(store, "chutich", "giải trình 17").text
    assert "đã ghi nhận giải trình" in say(store, "hcc", "giải trình 17: chờ ký, đề xuất hạn mới 30/4").text
    [request] = store.requests
    assert (request.reason, request.proposed_due) == ("chờ ký", date(2026, 4, 30))
    assert [(kind, code) for kind, _id, code in store.notices] == [("explain", "hcc"), ("explain-answer", "chutich")]


def test_a_unit_with_no_chat_is_said_so(store: MemoryStore) -> None:
    reply = say(store, "chutich", "giải trình 10")  # vp's (ongoing, its first quarter not reported) has no chat
    assert "chưa liên kết nhóm chat nào" in reply.text and "nhacviec invite vp" in reply.text

