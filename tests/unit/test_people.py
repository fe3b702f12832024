"""A person on a task, as typed: «nhận 17», «giao 17 @lan», «việc của tôi» however phrased (with and without
diacritics, politely, in a group or to the bot), and which person a name means among those known."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from bot.core.commands import AssignPerson, MyTasks, Take, Unknown
from bot.core.registry import parse
from plan_data.people import Named, candidates, given_name

TAKES = [
    ("nhận 17", "17"), ("nhan 17", "17"), ("Nhận 17", "17"), ("em nhận 17 ạ", "17"), ("em nhan 17 a", "17"),
    ("nhận nv 17 nhé", "17"), ("nhan nhiem vu 17 nhe", "17"), ("tôi nhận 24.1", "24.1"), ("mình nhận II.3 nha", "II.3"),
    ("/nhan 17", "17"), ("nhận số 17 ạ.", "17"), ("NHAN 17", "17"),
]


@pytest.mark.parametrize(("text", "task"), TAKES)
def test_take_is_read_however_phrased(text: str, task: str) -> None:
    assert parse(text) == Take(task)


@pytest.mark.parametrize("text", ["nhận 17 hồ sơ hôm nay", "đã nhận 17 hồ sơ", "nhan 17 bo ho so cua dan",
                                  "em nhận 3 quyết định rồi"])
def test_group_talk_about_receiving_things_is_left_alone(text: str) -> None:
    assert parse(text) is None


def test_take_needs_one_task() -> None:
    assert isinstance(parse("nhận", addressed=True), Unknown)
    assert "Mỗi lần chỉ một" in parse("nhận 17, 18").hint


ASSIGNS = [
    ("giao 17 @lan", AssignPerson("17", "lan", at=True)),
    ("giao 17 @lan_nguyen", AssignPerson("17", "lan_nguyen", at=True)),
    ("giao nv 17 cho @lan", AssignPerson("17", "lan", at=True)),
    ("giao nhiệm vụ 17 cho @Lan nhé", AssignPerson("17", "Lan", at=True)),
    ("giao 17 cho Lan", AssignPerson("17", "Lan")),
    ("giao 17 cho chị Lan ạ", AssignPerson("17", "Lan")),
    ("giao 17 cho c Lan nhe", AssignPerson("17", "Lan")),
    ("giao 17 cho đ/c Hà", AssignPerson("17", "Hà")),
    ("giao 17 cho đồng chí Trần Thị Hà", AssignPerson("17", "Trần Thị Hà")),
    ("giao 17 cho Nguyễn Thị Lan", AssignPerson("17", "Nguyễn Thị Lan")),
    ("giao 17 cho Anh", AssignPerson("17", "Anh")),  # a name that is also a title stays a name
    ("/giao 24.1 cho anh Minh", AssignPerson("24.1", "Minh")),
    ("giao so 17 cho chi Lan nha", AssignPerson("17", "Lan")),
]


@pytest.mark.parametrize(("text", "expected"), ASSIGNS)
def test_assign_is_read_however_phrased(text: str, expected: AssignPerson) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["giao 17 hồ sơ sang xã bên", "giao ban chiều nay", "giao hồ sơ cho dân"])
def test_group_talk_with_giao_is_left_alone(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize("text", ["giao 17", "giao 17 cho", "/giao 17 @", "giao 17 cho ạ"])
def test_assign_without_a_person_asks_for_one(text: str) -> None:
    found = parse(text, addressed=True)
    assert isinstance(found, Unknown) and "Thiếu tên người nhận" in found.hint


@pytest.mark.parametrize("text", ["việc của tôi", "viec cua toi", "việc của em ạ", "viec cua em nhe", "/viec cua minh"])
def test_my_own_tasks(text: str) -> None:
    assert parse(text) == MyTasks(mine=True)


def test_the_units_tasks_are_still_viec() -> None:
    assert parse("việc") == MyTasks() and parse("viec tat ca") == MyTasks(everything=True)


# Generated: a polite opening, the word, a task word, a number, a way to name the person, a closing
OPENINGS, ENDINGS = ["", "/"], ["", " ạ", " nhé", " nha", " a", "."]
TASK_WORDS = ["", "nv ", "nhiệm vụ ", "nhiem vu ", "số "]
PEOPLE = [("@lan", AssignPerson("9", "lan", at=True)), ("cho @lan", AssignPerson("9", "lan", at=True)),
          ("cho Lan", AssignPerson("9", "Lan")), ("cho chị Lan", AssignPerson("9", "Lan")),
          ("cho chi Lan", AssignPerson("9", "Lan")), ("cho Trần Thị Lan", AssignPerson("9", "Trần Thị Lan"))]


def test_composed_assignments() -> None:
    """Every composition, in one test (a case is a parse, far cheaper than a test of its own)."""
    misread = [(typed, found) for opening, word, task_word, ending in
               itertools.product(OPENINGS, ["giao", "Giao", "GIAO"], TASK_WORDS, ENDINGS) for named, expected in PEOPLE
               if (found := parse(typed := f"{opening}{word} {task_word}9 {named}{ending}")) != expected]
    assert not misread, misread[:5]


def test_composed_takes() -> None:
    misread = [(typed, found) for opening, word, task_word, ending in
               itertools.product(["", "/", "em ", "tôi ", "toi "], ["nhận", "nhan"], TASK_WORDS, ENDINGS)
               if (found := parse(typed := f"{opening}{word} {task_word}9{ending}")) != Take("9")]
    assert not misread, misread[:5]


@dataclass
class Someone:
    id: int
    name: str
    handle: str = ""


LAN = Someone(1, "Nguyễn Thị Lan", "lan_hcc")
LAN_TRAN = Someone(2, "Trần Thị Lan")
HA = Someone(3, "Đỗ Thu Hà", "thuha")
ANH = Someone(4, "Lê Văn Anh")
KNOWN = [LAN, LAN_TRAN, HA, ANH]


@pytest.mark.parametrize(("named", "found"), [
    (Named("lan_hcc", True), [LAN]),  # the handle itself
    (Named("LAN_HCC", True), [LAN]),
    (Named("thuha", True), [HA]),
    (Named("Lan", False), [LAN, LAN_TRAN]),  # two Lans: ask
    (Named("lan", True), [LAN, LAN_TRAN]),  # "@lan" is no one's handle: a name typed after @ (Zalo has none)
    (Named("Trần Thị Lan", False), [LAN_TRAN]),
    (Named("tran thi lan", False), [LAN_TRAN]),
    (Named("Thị Lan", False), [LAN, LAN_TRAN]),
    (Named("Hà", False), [HA]),
    (Named("ha", False), [HA]),
    (Named("Anh", False), [ANH]),
    (Named("Minh", False), []),  # unknown: ask, never guess
    (Named("La", False), []),  # a part of a name is not the name
    (Named("", False), []),
])
def test_which_person_a_name_means(named: Named, found: list[Someone]) -> None:
    assert candidates(named, KNOWN) == found


def test_a_given_name_is_the_last_word() -> None:
    assert given_name("Nguyễn Thị Lan") == "Lan" and given_name("Lan") == "Lan" and given_name("") == ""
