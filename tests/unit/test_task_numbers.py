"""The task's own number (issue 22, point 3): typed any way in the chat, resolved against the plan's numbers by
one pure rule (plan_data.tasknumbers), never acted on when it could be several tasks."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import texts
from bot.core.commands import HINTS, Done, Show, Unknown
from bot.core.registry import parse
from plan_data.tasknumbers import Match, PlanTask, parts, resolve

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TITLES = {"I": "Chỉ đạo điều hành, kiểm tra và tuyên truyền", "II": "Cải cách thể chế",
          "III": "Cải cách thủ tục hành chính", "A.I": "Nhiệm vụ chung", "B.I": "Nhiệm vụ của các phòng"}


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("ii.3", "II.3"), ("II.3", "II.3"), ("Ii.3", "II.3"), ("iii.1.1", "III.1.1"), ("III.01.1", "III.1.1"),
        ("a.i.1.1", "A.I.1.1"), ("A.I.1.1", "A.I.1.1"), ("b.2", "B.2"), ("v.4", "V.4"), ("2.3", "2.3"),
        ("g1", "G1"), ("G1", "G1"), ("G 1", "G1"), ("g12", "G12"), ("BC-hcc", "BC-hcc"), ("kp-KT", "KP-kt"),
        ("017", "17"), ("24.1", "24.1"), ("#24.1", "24.1"),
    ],
)
def test_numbers_are_read_as_the_plan_prints_them(typed: str, number: str) -> None:
    for text in (f"xong {typed}", f"XONG {typed.upper()}", f"/xong {typed}"):
        assert parse(text, addressed=True) == Done((number.upper() if text.startswith("XONG") and number[0]
                                                    in "BKG" and "-" not in number else number,)), text
    assert parse(typed) == Show(number)


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        ("xong 24.1-24.3", ("24.1", "24.2", "24.3")),
        ("xong II.1-II.3", ("II.1", "II.2", "II.3")),
        ("xong ii.1 - ii.3", ("II.1", "II.2", "II.3")),
        ("xong ii.1 đến ii.2, iii.4", ("II.1", "II.2", "III.4")),
        ("xong a.i.1.1-a.i.1.2", ("A.I.1.1", "A.I.1.2")),
        ("xong g1, g2 và G 3", ("G1", "G2", "G3")),
        ("xong 17, #18", ("17", "18")),
    ],
)
def test_ranges_and_lists_of_every_form(text: str, tasks: tuple[str, ...]) -> None:
    assert parse(text) == Done(tasks)


@pytest.mark.parametrize("text", ["xong II.1-III.2", "xong 24.1-25", "xong BC-hcc-KH-vp", "xong ii.1-2.2"])
def test_a_range_across_headings_is_refused_with_a_hint(text: str) -> None:
    assert parse(text) == Unknown(text, "xong", HINTS["bad_range"])


@pytest.mark.parametrize("text", ["xong 17h", "xong 1/2", "xong 2026", "xong 1.2.3.4.5", "xong ii", "xong iv."])
def test_what_is_no_task_number_is_not_read_as_one(text: str) -> None:
    assert not isinstance(parse(text, addressed=True), Done)


# --- resolving: the plan's numbers ------------------------------------------------------------------

RESTARTING = [PlanTask(f"{section}.{n}", section, TITLES.get(section, "")) for section, count in
              (("I", 4), ("II", 5), ("III", 2)) for n in range(1, count + 1)] + \
    [PlanTask("III.3.1", "III", TITLES["III"]), PlanTask("III.3.2", "III", TITLES["III"]),
     PlanTask("BC-hcc", "I"), PlanTask("KH-vp", "I"), PlanTask("G1", "")]
RUNNING = [PlanTask(str(n), "I" if n < 10 else "II", "") for n in range(1, 20)] + \
    [PlanTask("24.1", "IV"), PlanTask("24.2", "IV")]
LETTERED = [PlanTask(f"{part}.I.1.{n}", f"{part}.I", TITLES[f"{part}.I"]) for part in "AB" for n in (1, 2)]


@pytest.mark.parametrize(
    ("typed", "plan", "numbers"),
    [
        ("II.3", RESTARTING, ("II.3",)),
        ("2.3", RESTARTING, ("II.3",)),  # a Roman section typed in Arabic
        ("3.3.1", RESTARTING, ("III.3.1",)),
        ("III.3", RESTARTING, ("III.3.1", "III.3.2")),  # a heading: its rows
        ("bc-HCC", RESTARTING, ("BC-hcc",)),
        ("G1", RESTARTING, ("G1",)),
        ("17", RUNNING, ("17",)),
        ("24", RUNNING, ("24.1", "24.2")),
        ("II.12", RUNNING, ("12",)),  # the section typed before a running number
        ("A.I.1.2", LETTERED, ("A.I.1.2",)),
        ("a.1.1.2", LETTERED, ("A.I.1.2",)),
    ],
)
def test_a_number_names_its_task(typed: str, plan: list[PlanTask], numbers: tuple[str, ...]) -> None:
    assert resolve(typed, plan).numbers == numbers


@pytest.mark.parametrize(
    ("typed", "plan", "candidates", "several"),
    [
        ("1", RESTARTING, ("I.1", "II.1", "III.1"), True),  # numbers restart: ask which
        ("5", RESTARTING, ("II.5",), False),  # in one section only: still asked, never guessed
        ("1.1", LETTERED, ("A.I.1.1", "B.I.1.1"), True),
        ("BC-hc", RESTARTING, ("BC-hcc",), False),
        ("99", RUNNING, (), False),
        ("2.3", RUNNING, (), False),  # "2.3" in a plan of running numbers is no task, and no guess
    ],
)
def test_a_number_that_names_no_task_for_sure_names_candidates(typed: str, plan: list[PlanTask],
                                                                candidates: tuple[str, ...], several: bool) -> None:
    match = resolve(typed, plan)
    assert not match.found and tuple(c.number for c in match.candidates) == candidates and match.several == several


def test_the_question_lists_the_sections_and_the_nearest() -> None:
    asked = texts.not_found("1", resolve("1", RESTARTING), "xong")
    assert asked == ("NV 1 có ở 3 mục: I.1 (Chỉ đạo điều hành) · II.1 (Cải cách thể chế) · III.1 (Cải cách thủ "
                     "tục hành chính). Gõ lại, ví dụ: xong I.1")
    assert texts.not_found("5", resolve("5", RESTARTING), "td") == "Không có NV 5; có thể là II.5?"
    assert texts.not_found("99", Match("99"), "xong") == texts.NO_SUCH_TASK.format(number="99")


def composed_plan(rng: random.Random) -> list[PlanTask]:
    """A plan in one of the numberings published plans use: running, restarting in Roman sections (with
    sub-rows), restarting under letter parts; with a few codes."""
    shape = rng.choice(("running", "restarting", "lettered"))
    tasks: list[PlanTask] = []
    for s in range(rng.randint(1, 6)):
        section = ROMAN[s] if shape != "lettered" else f"{'AB'[s % 2]}.{ROMAN[s // 2]}"
        for n in range(1, rng.randint(2, 9)):
            if shape == "running":
                tasks.append(PlanTask(str(len(tasks) + 1), section))
            elif rng.random() < 0.2:
                tasks += [PlanTask(f"{section}.{n}.{k}", section) for k in (1, 2)]
            else:
                tasks.append(PlanTask(f"{section}.{n}", section))
    return tasks + [PlanTask(code, "I") for code in rng.sample(("BC-hcc", "KH-vp", "KP-kt", "G1", "G2"), 2)]


def typed_forms(number: str, rng: random.Random) -> list[str]:
    """How a chat may type a number: as printed, in lower case, and with its Roman section in Arabic."""
    forms = [number, number.lower()]
    pieces = number.split(".")
    arabic = [str(value) for kind, value in parts(number) if kind == "n"]
    if len(arabic) == len(pieces) and not number[0].isdigit():
        forms.append(".".join(arabic))
    return forms


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_every_task_of_a_composed_plan_is_found_by_each_form_and_a_bare_restart_is_asked(seed: int) -> None:
    rng = random.Random(seed)
    plan = composed_plan(rng)
    for task in plan:
        for typed in typed_forms(task.number, rng):
            match = resolve(typed, plan)
            assert match.numbers == (task.number,) or (len(match.numbers) > 1 and task.number in match.numbers) \
                or (match.several and task in match.candidates), (typed, task)
    for last in {task.number.rsplit(".", 1)[-1] for task in plan if "." in task.number}:
        if any(t.number == last or t.number.startswith(last + ".") for t in plan):
            continue  # a number or a heading of its own
        ending = [t for t in plan if "." in t.number and t.number.rsplit(".", 1)[-1] == last]
        closest = [t for t in ending if t.number.count(".") == min(e.number.count(".") for e in ending)]
        match = resolve(last, plan)
        assert not match.found and set(match.candidates) == set(closest), last  # never acts on any of them
        assert match.several == (len(closest) > 1), last  # several: ask which
