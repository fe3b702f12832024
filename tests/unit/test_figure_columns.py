"""The one list of figure columns: every share the count makes is a column of every view, the shares add up to
the total, and each view's words and figures line up. (What each view shows, cell by cell, is checked by the
views' own tests and by tests/integration/test_agreement.py.)"""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given
from hypothesis import strategies as st

from plan_data.figure_columns import CHART, CHAT, CITY_SHEET, COLUMNS, DOCUMENT, SHEET, Role, done_rate
from plan_data.figures import Counts
from plan_data.wording import counts_header, counts_line

SHARES = [f.name for f in fields(Counts)]
counts = st.builds(Counts, **{name: st.integers(0, 500) for name in SHARES})


def test_every_share_the_count_makes_is_a_column_and_keys_are_unique() -> None:
    assert sorted(c.key for c in COLUMNS if c.role is Role.PART) == sorted(SHARES)
    assert len({c.key for c in COLUMNS}) == len(COLUMNS)


@given(counts)
def test_the_parts_add_up_to_the_total(figures: Counts) -> None:
    parts = [c.value(figures) for c in COLUMNS if c.role is Role.PART]
    assert sum(parts) == figures.total
    assert figures.done <= figures.total
    assert 0 <= done_rate(figures) <= 100


@given(counts)
def test_the_chat_line_has_a_figure_for_each_word_of_its_header(figures: Counts) -> None:
    words = counts_header().split(" / ")
    main, _, asides = counts_line(figures).partition(" (+")
    assert len(main.split(" / ")) == len(words)
    shown = sum(int(n) for n in main.split(" / ")) + sum(
        c.value(figures) for c in CHAT.columns() if c.aside)
    assert shown == figures.total
    assert bool(asides) == any(c.value(figures) for c in CHAT.columns() if c.aside)


def test_each_view_shows_every_part_once() -> None:
    parts = {c.key for c in COLUMNS if c.role is Role.PART}
    for selection in (CHAT, CHART, SHEET, CITY_SHEET, DOCUMENT):
        keys = [c.key for c in selection.columns()]
        assert len(keys) == len(set(keys))
        assert parts <= set(keys)


def test_a_view_orders_roles_as_it_names_them_and_asides_last_where_asked() -> None:
    for selection in (CHAT, CHART, SHEET, CITY_SHEET, DOCUMENT):
        roles = [c.role for c in selection.columns()]
        assert roles == sorted(roles, key=selection.roles.index)
        if selection.asides_last:
            for role in selection.roles:
                asides = [c.aside for c in selection.columns() if c.role is role]
                assert asides == sorted(asides)
