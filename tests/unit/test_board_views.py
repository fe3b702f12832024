"""The board's pure parts: a group's light (its worst item's), the city's on-time share, the city's sorting, and
the board's columns (plan_data.figure_columns.BOARD) for a group's counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.web.city import sorted_lines
from bot.web.texts import SORTS
from bot.web.views import figures_of, group
from plan_data.figure_columns import on_time_rate
from plan_data.figures import Counts, summed
from plan_data.folding import fold
from plan_data.light import Light


@pytest.mark.parametrize("counts, light", [
    (Counts(), Light.GREEN),  # nothing at all
    (Counts(done_on_time=3, on_track=2), Light.GREEN),
    (Counts(done_late=4, waiting=1, awaiting=2), Light.GREEN),  # late but done: nothing left to chase
    (Counts(on_track=5, at_risk=1), Light.AMBER),
    (Counts(at_risk=2, overdue=1), Light.RED),  # the worst item's light
    (Counts(overdue=1), Light.RED),
])
def test_a_groups_light_is_its_worst_items(counts, light) -> None:
    assert counts.light is light


@pytest.mark.parametrize("counts, rate", [
    (Counts(), None),  # nothing done nor due: nothing to judge
    (Counts(on_track=9, at_risk=1, waiting=2), None),  # all still in term
    (Counts(done_on_time=1), 100.0),
    (Counts(done_on_time=1, done_late=1, overdue=2), 25.0),
    (Counts(done_on_time=2, overdue=1, on_track=40), 66.7),  # in term does not dilute it
    (Counts(overdue=3), 0.0),
])
def test_the_on_time_share_is_of_what_is_done_or_due(counts, rate) -> None:
    assert on_time_rate(counts) == rate


COUNTS = st.builds(Counts, *(st.integers(0, 30) for _ in range(7)))


@settings(max_examples=60)
@given(st.lists(COUNTS, max_size=6))
def test_summed_counts_every_item_once(many) -> None:
    expected = [0] * 7
    for counts in many:
        expected = [a + b for a, b in zip(expected, counts.as_tuple(), strict=True)]
    assert summed(many).as_tuple() == tuple(expected)


@settings(max_examples=60)
@given(COUNTS)
def test_the_boards_figures_are_its_columns_with_amber_among_in_term(counts) -> None:
    shown = {f.key: f for f in figures_of(counts)}
    assert [f.key for f in figures_of(counts)] == ["done_on_time", "done_late", "in_term", "overdue", "awaiting",
                                                   "waiting", "total"]
    assert shown["in_term"].value == counts.on_track + counts.at_risk
    assert [(a.key, a.value) for a in shown["in_term"].among] == [("at_risk", counts.at_risk)]
    assert sum(f.value for f in figures_of(counts) if f.key != "total") == shown["total"].value == counts.total


NAMES = st.sampled_from(["Xã An Lão", "Xã Đông Hòa", "Phường Bình Minh", "Xã Zô", "xã an lão 2", "Xã Ân Thi"])


@settings(max_examples=50)
@given(st.lists(st.tuples(NAMES, COUNTS), max_size=8), st.sampled_from([*SORTS, "khong-co", ""]))
def test_every_sort_orders_the_same_communes_worst_first(communes, sort) -> None:
    lines = [group(name, counts, f"/xa/{i}/", str(i)) for i, (name, counts) in enumerate(communes)]
    ordered = sorted_lines(lines, sort)
    assert sorted(line.key for line in ordered) == sorted(line.key for line in lines)
    if sort in ("qua-han", "khong-co", ""):
        assert [g.counts.overdue for g in ordered] == sorted((g.counts.overdue for g in lines), reverse=True)
    elif sort == "nguy-co":
        assert [g.counts.at_risk for g in ordered] == sorted((g.counts.at_risk for g in lines), reverse=True)
    elif sort == "ten":
        assert [fold(g.name) for g in ordered] == sorted(fold(g.name) for g in lines)  # «Đông» among the D's
    else:
        rates = [on_time_rate(g.counts) for g in ordered]
        judged = [r for r in rates if r is not None]
        assert judged == sorted(judged) and rates[len(judged):] == [None] * (len(rates) - len(judged))
