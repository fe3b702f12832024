"""The one-pass reading of where a time rule may begin and end (plan_data.grammar.scan) gives, for every start
and every end, what cutting the cell there and testing the piece gives: the definitions are written here
the slow way, as the grammar used to run, and compared on generated cells."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.grammar.frame import NotUnderstood, parse_timeframe
from plan_data.grammar.scan import Starts

_WORDS = re.compile(r"[a-z]+", re.ASCII)
_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9]", re.ASCII)
QUARTER = re.compile(r"\bquy (?:iv|iii|ii|i)\b", re.ASCII)
REPORT = re.compile(r"\bbao cao (?:6|sau) thang\b", re.ASCII)
LABEL_STOP = frozenset({"truoc", "sau", "tu", "den", "khi", "va", "hang", "so"})
TAIL_STOP = frozenset({"quy", "thang", "ngay", "nam", "truoc", "sau", "den", "tu"})


def harmless(piece: str, stop: frozenset[str], quarter: bool) -> bool:
    return not piece or (not any(c.isdigit() for c in piece) and stop.isdisjoint(_WORDS.findall(piece))
                         and not (quarter and QUARTER.search(piece)))


cells = st.lists(
    st.sampled_from(["bao cao 6 thang", "bao cao sau thang", "bao cao", "6", "sau", "thang", "quy", "i", "iv", "ii", "tu", "den", "va", "x", "hoan",
                     "thanh", "2026", "15/6", ",", "/", "-", "(", ")", ".", "quyi", "thangx", "²", "theo"]),
    max_size=30,
).map(" ".join) | st.text(alphabet="abiquytnhg 0126/,-.", max_size=60)


@settings(max_examples=400, deadline=None)
@given(cells, st.booleans())
def test_labels_tails_and_last_pieces_are_what_cutting_the_cell_gives(cell: str, excuse: bool) -> None:
    scan = Starts.of(cell, LABEL_STOP, TAIL_STOP, QUARTER, quarter_in_tail=excuse,
                     excused=REPORT if excuse else None)
    expected = [
        w.start() for w in _WORD_START.finditer(cell)
        if harmless(REPORT.sub(" ", cell[: w.start()]) if excuse else cell[: w.start()], LABEL_STOP, True)
    ]
    assert list(scan.starts) == expected
    assert list(scan.before) == [(cell[:s].split() or [""])[-1] for s in expected]
    for end in range(len(cell) + 1):
        if end == len(cell) or not re.match(r"[a-z0-9]", cell[end]):
            tail_ok = harmless(cell[end:], TAIL_STOP, excuse) and not re.search(r"[0-9]", cell[end:])
            assert (end >= scan.tail_from) == tail_ok, end


def test_a_report_name_in_the_label_is_excused_only_once_whole() -> None:
    cell = "bao cao 6 thang gui ubnd"
    scan = Starts.of(cell, LABEL_STOP, TAIL_STOP, QUARTER, quarter_in_tail=True, excused=REPORT)
    # the start at «thang» has «bao cao 6 » before it: a digit; after the name, the label is clean again
    assert [cell[s:].split()[0] for s in scan.starts] == ["bao", "cao", "6", "gui", "ubnd"]


@pytest.mark.parametrize(("cell", "due"), [
    ("Hoàn thành và gửi báo cáo trước ngày 15/6 và 15/12/2026", ["2026-06-14", "2026-12-14"]),
    ("Tổ chức tập huấn trước ngày 15/6 và 30/9/2026", ["2026-06-14", "2026-09-29"]),
])
def test_a_bare_date_takes_the_anchor_before_it(cell: str, due: list[str]) -> None:
    assert [d.isoformat() for d in parse_timeframe(cell, 2026).due] == due


def test_a_paragraph_is_no_anchor_for_the_bare_date_after_it() -> None:
    """«… 15/12» after a clause whose words before the date run to a paragraph: the bare date takes the
    anchor word before the first date («trước»), never the paragraph around it; a paragraph holding a word that
    changes the date is no label, and a date alone is no phrase: not understood, never guessed."""
    label = "Tổng hợp đánh giá kết quả thực hiện nhiệm vụ của các phòng ban đơn vị trực thuộc Ủy ban nhân dân xã "
    assert parse_timeframe(f"{label}trước ngày 15/6/2026", 2026).due[0].isoformat() == "2026-06-14"
    assert [d.isoformat() for d in parse_timeframe(f"{label}trước ngày 15/6 và 15/12", 2026).due] == [
        "2026-06-14", "2026-12-14"]
    with pytest.raises(NotUnderstood):
        parse_timeframe(f"{label} sau khi tổng hợp, trước ngày 15/6 và 15/12 hoặc 20/12", 2026)


def test_nesting_deeper_than_any_cell_is_not_understood() -> None:
    assert parse_timeframe("Năm 2026 và các năm tiếp theo", 2026).kind == "ongoing"
    with pytest.raises(NotUnderstood):
        parse_timeframe("Năm 2026" + " các năm tiếp theo" * 6, 2026)
