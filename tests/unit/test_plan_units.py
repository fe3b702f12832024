"""Which units a plan has (plan_units): pinned, standard, the catalogue's, and the ones it proposes; unit codes
checked once, where a file makes a unit (issue 22 point 4, issue 24 point 5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.model import PlanError
from plan_data.readers import datafile
from plan_data.readers.rows import RawItem
from plan_data.readers.tasks import build_task
from plan_data.units.cells import split_names, unit_code
from plan_data.units.codes import plan_units
from plan_data.units.spec import STANDARD_UNITS, Level, UnitKind, UnitSpec, check_code

C, P, N = Level.COMMUNE, Level.PROVINCE, Level.NATION


def _codes(found) -> dict[str, str]:
    return {u.name: u.code for u in found.directory.units}


def _resolves(found, cells) -> list[tuple[str, ...]]:
    """Every task's leads as build_task reads them with the plan's units: nothing left unknown."""
    return [build_task(RawItem(1, "1", "", ["Việc", lead, coordinators, "Quý I/2026", ""]), found.directory, 2026, strict=True).task.leads
            for lead, coordinators in cells]


def test_a_wards_plan_has_a_wards_bodies_and_names_them_as_it_does() -> None:
    cells = [("Phòng Kinh tế, Hạ tầng và Đô thị", "Công an phường, BCHQS phường"), ("P. VH-XH", "VP HĐND&UBND"),
             ("TT PVHCC", "Các phòng chuyên môn")]
    found = plan_units(cells, C, issuer="UBND phường Tân Hưng")
    units = {u.code: u for u in found.directory.units}
    assert units["kthtdt"].name == "Phòng Kinh tế, Hạ tầng và Đô thị" and "kt" not in units
    assert units["vp"].name == "Văn phòng HĐND và UBND phường" and units["chutich"].name == "Chủ tịch UBND phường"
    assert (units["caxa"].name, units["caxa"].kind) == ("Công an phường", UnitKind.INTERNAL)
    assert units["qsxa"].name == "Ban Chỉ huy Quân sự phường" and not found.proposed
    assert _resolves(found, cells) == [("kthtdt",), ("vhxh",), ("hcc",)]


def test_a_commune_plan_takes_catalogue_units_with_their_kind() -> None:
    cells = [("Công an xã", "Sở Tư pháp; Đảng ủy xã"), ("Phòng Văn hóa - Xã hội", "UBMTTQ xã, Chủ tịch UBND tỉnh")]
    found = plan_units(cells, C, issuer="UBND xã Nam An Phụ")
    kinds = {u.code: u.kind for u in found.directory.units}
    assert kinds["caxa"] is UnitKind.INTERNAL
    assert {kinds[c] for c in ("stp", "danguy", "mttq", "ctt")} == {UnitKind.EXTERNAL}
    assert not found.proposed


def test_a_name_nobody_knows_is_proposed_never_matched_to_a_close_unit() -> None:
    cells = [("Phòng Kinh doanh xã", ""), ("Phòng Kinh tế", "Trung tâm Khuyến nông xã"), ("Phòng Kinh doanh", "")]
    found = plan_units(cells, C)
    proposed = {u.name: u for u in found.proposed}
    assert set(proposed) == {"Phòng Kinh doanh xã", "Trung tâm Khuyến nông xã"}
    assert all(u.proposed and check_code(u.code) is None for u in proposed.values())
    assert proposed["Phòng Kinh doanh xã"].kind is UnitKind.INTERNAL
    assert any("Phòng Kinh doanh xã" in note and "--accept-units" in note for note in found.notes)
    assert _resolves(found, cells)[2] == (proposed["Phòng Kinh doanh xã"].code,)  # one unit, however written


def test_a_province_plan_gets_catalogue_codes_and_its_leader_is_its_role() -> None:
    cells = [("Sở KH&CN", "Sở NN&MT, Công an tỉnh"), ("Chủ tịch UBND tỉnh", "Sở Khoa học và Công nghệ"),
             ("Sở Tài chính", "Các sở, ban, ngành")]
    found = plan_units(cells, P, body="Sở Khoa học và Công nghệ - cơ quan thường trực")
    codes = _codes(found)
    assert {codes[n] for n in ("Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Công an tỉnh")} == {
        "skhcn", "snnmt", "cat"}
    assert [u.code for u in found.directory.units if u.kind is UnitKind.ROLE] == ["chutich", "thanhpho"]
    assert _resolves(found, cells)[1] == ("chutich",)
    assert found.directory.focal().code == "skhcn"


def test_two_places_of_one_catalogue_unit_are_two_units() -> None:
    """"Sở Tài chính tỉnh Đồng Nai" and "… tỉnh Lâm Đồng" in one plan are never one unit."""
    cells = [("Sở Xây dựng", "Sở Tài chính tỉnh Đồng Nai, Sở Tài chính tỉnh Lâm Đồng"), ("Thuế Đồng Nai", ""),
             ("Sở Tài chính", "")]
    found = plan_units(cells, P)
    codes = _codes(found)
    assert len({codes["Sở Tài chính tỉnh Đồng Nai"], codes["Sở Tài chính tỉnh Lâm Đồng"], codes["Sở Tài chính"]}) == 3
    assert codes["Thuế Đồng Nai"] == "thuet"  # written only with its place, it goes by that name
    assert _resolves(found, cells)[1:] == [("thuet",), ("stc",)]


def test_a_lower_body_in_a_higher_plan_is_proposed() -> None:
    """"Công an xã" in a province's plan is one commune's of many: a person says which, or accepts it."""
    found = plan_units([("Sở Tài chính", "Công an xã"), ("Bộ Tài chính", "Thuế Đồng Nai")], P)
    assert [u.name for u in found.proposed] == ["Công an xã"]
    found = plan_units([("Bộ Tài chính", "Thuế Đồng Nai")], N)
    assert [u.name for u in found.proposed] == ["Thuế Đồng Nai"]


def test_pinned_units_win_over_the_catalogue() -> None:
    pinned = (UnitSpec("khcn", "Sở Khoa học và Công nghệ", focal=True), UnitSpec("stc", "Sở Thông tin"))
    cells = [("Sở KH&CN", "Sở Tài chính"), ("Sở Thông tin", "")]
    found = plan_units(cells, P, pinned)
    codes = _codes(found)
    assert codes["Sở Khoa học và Công nghệ"] == "khcn" and "skhcn" not in codes.values()
    assert codes["Sở Tài chính"] == "stc2"  # the catalogue's code is taken by a pinned unit
    assert _resolves(found, cells) == [("khcn",), ("stc",)]


def test_the_seed_commune_keeps_its_standard_units() -> None:
    from plan_data.readers.formats import read_text
    from plan_data.readers.importer import BUNDLED_TEXT
    from plan_data.readers.rows import gather, trackable

    source = read_text(BUNDLED_TEXT.read_text(encoding="utf-8"))
    items = gather(source.rows, source.columns)[0]
    found = plan_units([(raw.cells[1], raw.cells[2]) for raw, _g in trackable(items)], C, body=source.body,
                       issuer="UBND xã Nam An Phụ")
    own = [u.code for u in STANDARD_UNITS if u.kind is not UnitKind.EXTERNAL]
    assert [u.code for u in found.directory.units] == [*own, "snv", "syt", "sgddt"]  # city bodies only as named
    assert not found.proposed and not found.notes


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Sở Tài chính", "Sở KH&CN", "Phòng Kinh doanh", "Công an xã",
                                            "P. VH-XH", "Hội Nông dân xã", "Trung tâm Khuyến nông", ""]),
                          st.sampled_from(["", "Các phòng, ban", "Sở Y tế, Hội Nông dân xã", "CA xã; BCHQS xã",
                                           "Ban Quản lý dự án\nSở Xây dựng"])), min_size=1, max_size=8),
       st.sampled_from([C, P, N]))
def test_every_name_a_plan_uses_is_one_of_its_units(cells, level: Level) -> None:
    found = plan_units(cells, level)
    for lead, coordinators in cells:
        for cell in (lead, coordinators):
            for name in split_names(cell, found.directory)[0]:
                found.directory.find(name)
    codes = [u.code for u in found.directory.units]
    assert len(codes) == len(set(codes)) and all(check_code(c) is None for c in codes)


# ---------------------------------------------------------------- codes

@pytest.mark.parametrize(("code", "suggested"), [("p.kt", "pkt"), ("kinh tế", "kinhte"), ("KT", "kt"),
                                                 ("VP-HĐND", "vphdnd"), ("phòng_vhxh", "phongvhxh"),
                                                 ("x" * 20, "x" * 16), ("a", None), ("", None), ("đ", None)])
def test_a_code_a_phone_or_a_link_cannot_carry_is_refused_with_a_suggestion(code: str, suggested: str | None) -> None:
    problem = check_code(code)
    assert problem is not None and "a–z, 0–9" in problem
    assert f"dùng «{suggested}»" in problem if suggested else "ví dụ «kt»" in problem


@pytest.mark.parametrize("code", ["vhxh", "vp", "kt", "hcc", "dvsn", "chutich", "thanhpho", "skhcn", "stc2", "x1"])
def test_codes_in_use_pass(code: str) -> None:
    assert check_code(code) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sets(st.sampled_from(["stc", "so", "dv", "ydv", "snv", "snv2"])))
def test_a_code_made_from_any_name_passes(name: str, taken: set[str]) -> None:
    code = unit_code(name, set(taken))
    assert check_code(code) is None and code not in taken


def test_plan_check_refuses_a_data_files_bad_code_with_a_suggestion() -> None:
    text = ("plan: {commune: Thử, year: 2026}\nunits:\n  - {code: p.kt, name: Phòng Kinh tế, focal: true}\n"
            "tasks: [{tt: '1', section: I, content: Việc, lead: Phòng Kinh tế, time: Quý I/2026}]\n")
    with pytest.raises(PlanError) as refused:
        datafile.parse(text)
    [error] = refused.value.errors
    assert "«p.kt»" in error.message and "dùng «pkt»" in error.message and error.row == 3  # its line


def test_a_units_file_with_a_bad_code_is_refused() -> None:
    with pytest.raises(PlanError, match="dùng «kinhte»"):
        datafile.read_units("units:\n  - {code: kinh tế, name: Phòng Kinh tế}\n")
