"""Hostile plan files are refused by the readers' own refusal, quickly, with nothing crashed and nothing
accepted that should not be (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.grammar.frame import MAX_PHRASE, NotUnderstood, PhraseTooLong, parse_timeframe
from plan_data.model import PlanError
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from tests.support.composed_plans import NO_SECTIONS, write_text

SEED = BUNDLED_PLAN.read_text(encoding="utf-8")

LAUGHS = "plan: {commune: X, year: 2026}\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)) + "units: *j\n"


def refused(tmp_path: Path, text: str, name: str = "plan.yaml") -> PlanError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        read_plan(path)
    return raised.value


def test_billion_laughs_is_refused_at_the_first_alias(tmp_path: Path) -> None:
    assert "bí danh" in str(refused(tmp_path, LAUGHS).errors[0])


def test_deep_nesting_is_refused_before_the_stack_is(tmp_path: Path) -> None:
    assert "lồng quá" in str(refused(tmp_path, "plan: " + "[" * 100_000 + "]" * 100_000).errors[0])


def test_a_year_of_5000_digits_is_a_refusal_not_a_traceback(tmp_path: Path) -> None:
    refused(tmp_path, SEED.replace("year: 2026", "year: " + "9" * 5000, 1))


def test_a_file_far_larger_than_a_plan_is_refused_unread(tmp_path: Path) -> None:
    text = SEED.replace("content: Ban hành Kế hoạch", "content: " + "x" * 6_000_000 + " Ban hành", 1)
    assert "MB" in str(refused(tmp_path, text).errors[0])


def test_a_mapping_where_text_belongs_is_refused(tmp_path: Path) -> None:
    text = SEED.replace("content: Ban hành Kế hoạch cải cách hành chính năm 2026\n",
                        "content: {a: 1, b: [2, 3]}\n", 1)
    assert "phải là chữ" in str(refused(tmp_path, text))


def test_duplicate_numbers_in_a_text_plan_never_reach_the_database_twice(tmp_path: Path) -> None:
    """A number shown twice is either refused by the reader or given ids of its own: what check accepts,
    import can store (the database's unique (plan, number) is never what refuses it)."""
    lines = (tmp_path / "src.txt")
    write_text(NO_SECTIONS, lines)
    rows = lines.read_text(encoding="utf-8").splitlines()
    first = next(r for r in rows if r.split("\t")[0].strip() == "1")
    (tmp_path / "dup.txt").write_text("\n".join([*rows, first.replace("\t", "\tKhác: ", 1)]), encoding="utf-8")
    try:
        spec = read_plan(tmp_path / "dup.txt")
    except PlanError:
        return
    numbers = [t.number for t in spec.tasks]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("length", [MAX_PHRASE + 1, 5_000, 10_000])
def test_a_time_cell_longer_than_any_phrase_is_not_understood_at_once(length: int) -> None:
    with pytest.raises(PhraseTooLong) as raised:
        parse_timeframe(("Quý I/2026 và " * 1000)[:length], 2026)
    assert isinstance(raised.value, NotUnderstood) and str(length) in str(raised.value)
    assert len(str(raised.value)) < 200


def _nested(depth: int) -> str:
    """A document whose deepest node (a scalar) is `depth` nodes down, the top mapping counted."""
    return "plan: " + "[" * (depth - 2) + "x" + "]" * (depth - 2) + "\n"


def test_nesting_is_refused_one_level_past_the_limit_and_not_at_it() -> None:
    from plan_data.readers.datafile import MAX_DEPTH, _load

    _load(_nested(MAX_DEPTH))
    with pytest.raises(PlanError, match="lồng quá"):
        _load(_nested(MAX_DEPTH + 1))


def test_the_data_file_reads_as_the_pure_python_reader_reads_it() -> None:
    """libyaml where it is installed, PyYAML's own reader otherwise: the same data, the same line numbers."""
    import yaml

    from plan_data.readers.datafile import _load

    for text in (SEED, LAUGHS.replace("*", ""), "", "a: 1\n---\n", "plan:\n  year: 2026\n  commune: 'Xã A'\n"):
        try:
            root, data = _load(text)
        except PlanError as problem:
            with pytest.raises(yaml.YAMLError):
                yaml.load(text.replace("*", ""), Loader=yaml.SafeLoader)  # noqa: S506
            assert problem.errors[0].row >= 1
            continue
        assert data == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
        pure = yaml.compose(text, Loader=yaml.SafeLoader)
        assert (root is None) == (pure is None)
        if root is not None:
            assert [k.start_mark.line for k, _ in root.value] == [k.start_mark.line for k, _ in pure.value]


def _depth(value, level: int = 1) -> int:
    """A node's depth counting itself, as the reader counts it."""
    children = list(value.values()) + list(value) if isinstance(value, dict) else value if isinstance(value, list) \
        else []
    return max([level, *(_depth(child, level + 1) for child in children)])


_SCALARS = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.none(),
                     st.sampled_from(["Quý I/2026", "Thường xuyên", "UBND xã", "xong 17 ạ", "a: b", "- x", "#", ""]),
                     st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạ0123456789 ,./-", max_size=12))
_DOCUMENTS = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(alphabet="abctđ_", min_size=1, max_size=6), inner,
                                                 max_size=4)), max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(document=_DOCUMENTS, flow=st.booleans())
def test_any_composed_document_reads_as_pyyaml_reads_it_or_is_refused_for_its_depth(document, flow: bool) -> None:
    """Documents composed from scalars, lists and mappings, written in block or flow style: the reader gives
    PyYAML's pure reader's data, and refuses exactly those nested past MAX_DEPTH."""
    import yaml

    from plan_data.readers.datafile import MAX_DEPTH, _load

    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    if _depth(document) > MAX_DEPTH:
        with pytest.raises(PlanError, match="lồng quá"):
            _load(text)
        return
    assert _load(text)[1] == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
