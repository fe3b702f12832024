"""The one list of figure columns: every share the count makes is a column of every view, the shares add up to
the total, and each view's words and figures line up. (What each view shows, cell by cell, is checked by the
views' own tests and by tests/integration/test_agreement.py.)"""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from plan_data.figure_columns import (
    BY_KEY,
    CHART,
    CHAT,
    CITY_SHEET,
    COLUMNS,
    DOCUMENT,
    SHEET,
    Role,
    done_rate,
)
from plan_data.figures import Counts
from plan_data.wording import counts_header, counts_line

SHARES = [f.name for f in fields(Counts)]
counts = st.builds(Counts, **{name: st.integers(0, 500) for name in SHARES})


def _drawn(column):
    """The columns a splitting view draws a part as: its `parts`, or itself."""
    return [BY_KEY[key] for key in column.parts] or [column]


def test_every_share_the_count_makes_is_a_column_and_keys_are_unique() -> None:
    """Each field of the count is a part, or one piece of a part a chart splits (trong hạn: 🟢 and 🟠)."""
    pieces = [piece.key for c in COLUMNS if c.role is Role.PART for piece in _drawn(c)]
    assert sorted(pieces) == sorted(SHARES)
    assert len({c.key for c in COLUMNS}) == len(COLUMNS)


@given(counts)
def test_the_parts_add_up_to_the_total(figures: Counts) -> None:
    parts = [c.value(figures) for c in COLUMNS if c.role is Role.PART]
    assert sum(parts) == figures.total
    assert figures.done <= figures.total
    assert 0 <= done_rate(figures) <= 100
    for column in (c for c in COLUMNS if c.parts):
        assert sum(piece.value(figures) for piece in _drawn(column)) == column.value(figures)


@given(counts)
def test_a_share_among_a_part_is_never_more_than_it_and_is_in_the_part(figures: Counts) -> None:
    among = [c for c in COLUMNS if c.role is Role.AMONG]
    assert among, "amber («có nguy cơ chậm») is a share of «trong hạn»"
    for column in among:
        of = BY_KEY[column.of]
        assert of.role is Role.PART and column.key in of.parts
        assert 0 <= column.value(figures) <= of.value(figures)


@given(counts)
def test_the_chart_draws_every_item_in_exactly_one_segment(figures: Counts) -> None:
    assert sum(CHART.values(figures)) == figures.total
    assert sorted(c.key for c in CHART.columns()) == sorted(SHARES)


@given(counts)
def test_the_chat_line_has_a_figure_for_each_word_of_its_header(figures: Counts) -> None:
    words = counts_header().split(" / ")
    main, _, asides = counts_line(figures).partition(" (+")
    pieces = main.split(" / ")
    assert len(pieces) == len(words)
    shown = sum(int(piece.split(" (")[0]) for piece in pieces) + sum(
        c.value(figures) for c in CHAT.columns() if c.aside)
    assert shown == figures.total
    assert bool(asides) == any(c.value(figures) for c in CHAT.columns() if c.aside)
    for word, piece in zip(words, pieces, strict=True):  # «trong hạn (🟠 có nguy cơ chậm)» over «12 (🟠 3)»
        assert ("🟠" in word) == ("🟠" in piece)
        if "🟠" in piece:
            assert piece.endswith(f"(🟠 {figures.at_risk})") and word.startswith("trong hạn")


def test_the_chat_says_the_four_states_in_the_governments_order() -> None:
    words = [word.split(" (")[0] for word in counts_header().split(" / ")]
    assert words == ["đúng hạn", "trễ hạn", "trong hạn", "quá hạn"]


def test_each_view_shows_every_part_once() -> None:
    parts = {c.key for c in COLUMNS if c.role is Role.PART}
    among = {c.key for c in COLUMNS if c.role is Role.AMONG}
    for selection in (CHAT, SHEET, CITY_SHEET, DOCUMENT):
        keys = [c.key for c in selection.columns()]
        assert len(keys) == len(set(keys))
        assert parts | among <= set(keys), "every view that shows figures shows amber"
    keys = [c.key for c in CHART.columns()]
    assert len(keys) == len(set(keys)) and among <= set(keys)


def test_a_view_orders_roles_as_it_names_them_and_asides_last_where_asked() -> None:
    for selection in (CHAT, CHART, SHEET, CITY_SHEET, DOCUMENT):
        columns = selection.columns()
        for before, column in zip(columns, columns[1:], strict=False):
            if column.role is Role.AMONG and not selection.splits:
                assert before.key == column.of  # «trong đó» right after its part
        # a piece a chart splits a part into stands where the part would
        roles = [Role.PART if c.role in (Role.SEGMENT, Role.AMONG) else c.role for c in columns]
        named = [r for r in selection.roles if r is not Role.AMONG]
        assert roles == sorted(roles, key=named.index)
        if selection.asides_last:
            for role in selection.roles:
                asides = [c.aside for c in columns if c.role is role]
                assert asides == sorted(asides)
