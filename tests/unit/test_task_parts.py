"""A coordinating unit's part of a task, as typed and as decided: «xong phần 17», «phần 17 xong», «td phần 17
50%» however phrased (with and without diacritics, politely, in a group or to the bot, composed from their
parts), group talk that merely starts with «phần» left alone, and the rules of plan_data.parts (a part done
is not done again, 100 % is done, the tally counts the coordinators' parts only)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from bot.core.commands import AskParts, Done, Part, Progress, Unknown
from bot.core.registry import parse
from plan_data.folding import fold
from plan_data.parts import PartRefused, PartState, PartStep, coordinating, report, tally

# The pieces an officer composes a part's report from: an opener, the words, the task as written, the end
OPENERS = ["", "em ", "dạ ", "dạ em ", "bên em ", "tôi "]
DONE_WORDS = ["xong phần", "hoàn thành phần", "xong phần việc", "ht phần", "đã xong phần", "xong phần phối hợp"]
PROGRESS_WORDS = ["td phần", "tiến độ phần", "tiến độ phần việc", "cập nhật tiến độ phần"]
TASKS = [("17", "17"), ("nv 17", "17"), ("nhiệm vụ số 17", "17"), ("24.1", "24.1"), ("II.3", "II.3"), ("G2", "G2")]
ENDS = ["", " ạ", " rồi ạ", " nhé", " nha anh", "."]


def _forms(text: str) -> list[str]:
    """As typed with diacritics, without them, and in capitals."""
    return list(dict.fromkeys([text, fold(text), text.upper()]))


DONE_CASES = [(form, task) for opener, words, (typed, task), end in itertools.product(OPENERS, DONE_WORDS, TASKS, ENDS)
              for form in _forms(f"{opener}{words} {typed}{end}")]


def test_a_part_done_is_read_however_composed() -> None:
    """Every composition (one test: a case is a parse, far cheaper than a test of its own)."""
    misread = [(text, parse(text)) for text, task in DONE_CASES if parse(text) != Part(task, True)]
    assert not misread, misread[:5]


PROGRESS_CASES = [(form, task, percent)
                  for opener, words, (typed, task), (said, percent), end
                  in itertools.product(OPENERS, PROGRESS_WORDS, TASKS, [("50%", 50), ("50 %", 50), (": 30%", 30),
                                                                         ("đạt 80%", 80), ("100%", 100)], ENDS)
                  for form in _forms(f"{opener}{words} {typed} {said}{end}".replace(" :", ":"))]


def test_a_parts_progress_is_read_however_composed() -> None:
    misread = [(text, parse(text)) for text, task, percent in PROGRESS_CASES
               if parse(text) != Part(task, percent == 100, percent)]
    assert not misread, misread[:5]


NUMBER_FIRST = [
    ("phần 17 xong", Part("17", True)), ("phan 17 xong", Part("17", True)), ("Phần 17 đã xong", Part("17", True)),
    ("phần việc 17 đã hoàn thành rồi ạ", Part("17", True)), ("phần nv 17: xong", Part("17", True)),
    ("phần 17 50%", Part("17", False, 50)), ("phan 17: 50%", Part("17", False, 50)),
    ("phần 17 đạt 70% nhé", Part("17", False, 70)), ("phần 24.1 100%", Part("24.1", True, 100)),
    ("phần 17 40", Part("17", False, 40)), ("/phan 17 xong", Part("17", True)),
]


@pytest.mark.parametrize(("text", "command"), NUMBER_FIRST)
def test_the_number_first_form_is_read(text: str, command: Part) -> None:
    assert parse(text) == command


@pytest.mark.parametrize("text", ["phần 2 của báo cáo em gửi sau", "phần này xong rồi", "phan lon da xong",
                                  "xong phần lớn rồi", "phần 17 em đang làm", "phản hồi sau nhé"])
def test_group_talk_starting_with_phan_is_left_alone(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize(("text", "hint"), [("phần 17", "Ghi xong hoặc phần trăm"), ("phần 17 150%", "từ 0 đến 100"),
                                            ("xong phần", "Thiếu số nhiệm vụ"), ("xong phần 17, 18", "Mỗi lần chỉ một"),
                                            ("td phần 17", "Thiếu phần trăm")])
def test_a_part_typed_to_the_bot_but_not_understood_gets_a_hint(text: str, hint: str) -> None:
    said = parse(text, addressed=True)
    assert isinstance(said, Unknown) and hint in said.hint, said


@pytest.mark.parametrize(("text", "command"), [("xong 17", Done(("17",))), ("td 17 50%", Progress("17", 50)),
                                               ("em xong 17 rồi ạ", Done(("17",)))])
def test_the_leads_own_forms_are_unchanged(text: str, command: object) -> None:
    assert parse(text) == command


ASKS = [("hỏi phần 17", "17"), ("hoi phan 17", "17"), ("em hỏi phần việc 17 ạ", "17"), ("hỏi phần nv 24.1 nhé", "24.1"),
        ("HOI PHAN PHOI HOP G2", "G2"), ("/hoiphan 17", "17")]


@pytest.mark.parametrize(("text", "task"), ASKS)
def test_asking_for_the_parts_is_read_however_phrased(text: str, task: str) -> None:
    assert parse(text) == AskParts(task)


def test_asking_about_a_part_in_group_talk_is_left_alone() -> None:
    assert parse("hỏi phần 2 của báo cáo đã gửi chưa") is None
    assert parse("hỏi phần 2 của báo cáo", addressed=True) == AskParts("2")  # to the bot: it asks


@dataclass
class Reported:
    unit_code: str
    status: str
    progress: int


@pytest.mark.parametrize(("before", "done", "progress", "expected"), [
    (None, True, None, PartStep(PartState.DONE, 100)),
    (None, False, 40, PartStep(PartState.OPEN, 40)),
    (None, False, 100, PartStep(PartState.DONE, 100)),  # a full progress is the part done
    (Reported("kt", "open", 40), False, 20, PartStep(PartState.OPEN, 20)),  # a correction downwards is taken
    (Reported("kt", "open", 40), True, None, PartStep(PartState.DONE, 100)),
    (Reported("kt", "done", 100), True, None, PartRefused()),  # done already: «hoàn tác» first
    (Reported("kt", "done", 100), False, 50, PartRefused()),  # never set back by a later progress
])
def test_a_report_sets_the_part_or_says_why_not(before, done, progress, expected) -> None:
    assert report(before, done, progress) == expected


def test_the_tally_counts_the_coordinators_parts_done_only() -> None:
    parts = [Reported("kt", "done", 100), Reported("vp", "open", 90), Reported("old", "done", 100),
             Reported("dvsn", "done", 100)]
    assert tally(["vp", "kt", "dvsn", "kt"], parts) == (tally(["vp", "kt", "dvsn"], parts))
    counted = tally(["vp", "kt", "dvsn"], parts)
    assert (counted.done, counted.total) == (2, 3)  # «old» no longer coordinates: not counted
    assert (tally([], parts).done, tally([], parts).total) == (0, 0)


@pytest.mark.parametrize(("responsible", "leads", "coordinators", "expected"), [
    ("hcc", ["hcc"], ["vhxh", "vp", "kt"], ["vhxh", "vp", "kt"]),
    ("vhxh", ["snv"], ["vhxh"], []),  # the unit reminded is never its own coordinator
    ("vp", ["vp", "kt"], ["kt", "hcc", "hcc"], ["hcc"]),  # nor is a lead; each once
    ("vp", None, None, []),
])
def test_coordinators_are_neither_the_unit_reminded_nor_a_lead(responsible, leads, coordinators, expected) -> None:
    assert coordinating(responsible, leads, coordinators) == expected
