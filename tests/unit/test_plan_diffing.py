"""Which task of a plan in use each task of a plan read again is: by wording before number (issue 24)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.readers.diffing import match_tasks

OLD = [("1", "Ban hành kế hoạch cải cách hành chính"), ("2", "Rà soát thủ tục hành chính nội bộ"),
       ("3", "Số hóa hồ sơ một cửa"), ("4", "Kiểm tra công vụ định kỳ")]


@pytest.mark.parametrize(
    ("new", "pairs", "added", "retired"),
    [
        (OLD, {"1": "1", "2": "2", "3": "3", "4": "4"}, (), ()),
        # a task inserted above: the ones below keep their history under their new numbers
        ([OLD[0], ("2", "Tập huấn kỹ năng số"), ("3", OLD[1][1]), ("4", OLD[2][1]), ("5", OLD[3][1])],
         {"1": "1", "3": "2", "4": "3", "5": "4"}, ("2",), ()),
        # numbers qualified by their section, as a restarting plan is now numbered
        ([("I.1", OLD[0][1]), ("I.2", OLD[1][1]), ("II.1", OLD[2][1]), ("II.2", OLD[3][1])],
         {"I.1": "1", "I.2": "2", "II.1": "3", "II.2": "4"}, (), ()),
        # a word fixed in place; a task removed
        ([OLD[0], ("2", "Rà soát thủ tục hành chính nội bộ của xã"), OLD[2]],
         {"1": "1", "2": "2", "3": "3"}, (), ("4",)),
        # two swapped; one moved and reworded slightly
        ([("1", OLD[1][1]), ("2", OLD[0][1]), ("3", "Kiểm tra công vụ định kỳ năm 2026"), ("9", OLD[2][1])],
         {"1": "2", "2": "1", "9": "3", "3": "4"}, (), ()),
        # a wholly other task under an old number is that number's task, edited (the loader asks to confirm)
        ([("1", "Tổ chức hội thi tìm hiểu pháp luật")], {"1": "1"}, (), ("2", "3", "4")),
    ],
)
def test_tasks_are_matched_by_wording_before_number(new, pairs, added, retired) -> None:
    found = match_tasks(OLD, new)
    assert (found.pairs, found.added, found.retired) == (pairs, added, retired)


def test_two_tasks_that_say_the_same_are_not_told_apart_by_a_guess() -> None:
    old = [("1", "Báo cáo kết quả"), ("2", "Báo cáo kết quả")]
    assert match_tasks(old, [("5", "Báo cáo kết quả"), ("1", "Báo cáo kết quả")]).pairs == {"1": "1", "5": "2"}
    found = match_tasks(old, [("5", "Báo cáo kết quả"), ("6", "Báo cáo kết quả")])  # which moved where?
    assert found.pairs == {} and found.added == ("5", "6") and found.retired == ("1", "2")


WORDS = st.sampled_from(["rà soát", "ban hành", "kế hoạch", "thủ tục", "kiểm tra", "số hóa", "báo cáo", "quý"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=2, max_size=6).map(" ".join), min_size=1, max_size=12, unique=True),
       st.randoms(use_true_random=False), st.integers(0, 3))
def test_a_reordered_renumbered_plan_finds_every_task_again(wordings, shuffle, offset) -> None:
    """Whatever the new order and numbering, a task whose wording is unchanged is found, each at most once."""
    old = [(str(i + 1), w) for i, w in enumerate(wordings)]
    moved = list(wordings)
    shuffle.shuffle(moved)
    new = [(f"{'II.' if offset % 2 else ''}{i + 1 + offset}", w) for i, w in enumerate(moved)]
    found = match_tasks(old, new)
    wording_of = dict(old)
    assert {n: wording_of[o] for n, o in found.pairs.items()} == dict(new)
    assert not found.added and not found.retired
