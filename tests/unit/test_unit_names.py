"""Unit names as officers write them: the catalogue finds every spelling of a unit and never guesses one, and a
cell is split into exactly the units it lists — a name keeps its own comma, dash and "và", and two names are
never glued across a line break, a bullet or a sentence (issue 22, point 4)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.units import catalogue
from plan_data.units.cells import split_names
from plan_data.units.spec import STANDARD_UNITS, Level, UnitDirectory, UnitKind, check_code

C, P, N = Level.COMMUNE, Level.PROVINCE, Level.NATION


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _bare(text: str) -> str:
    """Typed without diacritics, as on a phone: "Phòng Văn hóa" -> "Phong Van hoa"."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


@pytest.mark.parametrize(
    ("written", "level", "code"),
    [
        ("VP HĐND-UBND", C, "vp"), ("VP HĐND&UBND xã", C, "vp"), ("Văn phòng HĐND và UBND phường", C, "vp"),
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", C, "vp"), ("Van phong HDND va UBND xa", C, "vp"),
        ("Phòng KT", C, "kt"), ("Phòng Kinh tế xã", C, "kt"), ("PHÒNG KINH TẾ XÃ", C, "kt"),
        ("Phòng Kinh tế, Hạ tầng và Đô thị", C, "kthtdt"), ("P. KT-HT&ĐT", C, "kthtdt"),
        ("Phòng Kinh tế - Hạ tầng - Đô thị phường", C, "kthtdt"), ("Phòng KT, HT và ĐT", C, "kthtdt"),
        ("P. VH-XH", C, "vhxh"), ("Phòng VHXH", C, "vhxh"), ("Phòng Văn hoá– Xã hội xã", C, "vhxh"),
        (_nfd("Phòng Văn hóa - Xã hội"), C, "vhxh"), ("Phòng Văn hóa và Xã hội", C, "vhxh"),
        ("TT PVHCC", C, "hcc"), ("TTPVHCC", C, "hcc"), ("Trung tâm Phục vụ HCC xã", C, "hcc"),
        ("Trung tâm DVTH", C, "dvth"), ("TT DVSNC", C, "dvsn"), ("TT Cung ứng DVC", C, "cudvc"),
        ("Công an xã", C, "caxa"), ("CA xã", C, "caxa"), ("Công an phường", C, "caxa"), ("CA đặc khu", C, "caxa"),
        ("BCH Quân sự", C, "qsxa"), ("BCHQS xã", C, "qsxa"), ("Ban CHQS phường", C, "qsxa"),
        ("UBMTTQ xã", C, "mttq"), ("Ủy ban MTTQ Việt Nam xã", C, "mttq"), ("UB MTTQVN phường", C, "mttq"),
        ("Đảng ủy xã", C, "danguy"), ("HĐND xã", C, "hdnd"), ("Chủ tịch UBND xã", C, "chutich"),
        ("Phó Chủ tịch UBND phường", C, "pct"),
        ("Sở NN&MT", P, "snnmt"), ("Sở KH&CN", P, "skhcn"), ("Sở KHCN", P, "skhcn"), ("Sở VHTTDL", P, "svhttdl"),
        ("Sở Văn hoá Thể thao du lịch", P, "svhttdl"), ("Sở GD&ĐT", P, "sgddt"), ("So Tai chinh", P, "stc"),
        ("Sở VH&TT", P, "svhtt"), ("Sở QH-KT", P, "sqhkt"), ("VP UBND tỉnh", P, "vpubndt"),
        ("Văn phòng UBND Thành phố", P, "vpubndt"), ("Thanh tra tỉnh", P, "ttt"), ("Bộ CHQS tỉnh", P, "bchqst"),
        ("Công an TP. Hồ Chí Minh", P, "cat"), ("Công an tỉnh Nghệ An", P, "cat"), ("Thuế Đồng Nai", P, "thuet"),
        ("BHXH tỉnh", P, "bhxht"), ("Kho bạc Nhà nước khu vực XII", P, "kbnn"), ("UBND tỉnh", P, "ubndt"),
        ("Ngân hàng Nhà nước Việt Nam Chi nhánh Khu vực 2", P, "nhnnkv"),
        ("Bộ NN&MT", N, "bnnmt"), ("Bộ Dân tộc và Tôn giáo", N, "bdttg"), ("VPCP", N, "vpcp"),
        ("Sở Tài chính", C, "stc"), ("Bộ Nội vụ", C, "bnv"),
    ],
)
def test_the_catalogue_finds_every_spelling_officers_write(written: str, level: Level, code: str) -> None:
    found = catalogue.find(written, level)
    assert found is not None and found[0].code == code


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("Sở NV", P),  # Nội vụ or Ngoại vụ
        ("TT", C), ("CA", C), ("KT", C),  # two capitals alone could be anything
        ("Sở Kế hoạch và Đầu tư", P), ("Sở Thông tin và Truyền thông", P),  # merged away in 2025
        ("Phòng Kinh doanh", C), ("Phòng Kinh tế và Hạ tầng", C), ("Sở Tài chính Hải Phòng", P),
        ("Công an", P),  # whose?
        ("Công an xã", P), ("Phòng Văn hóa - Xã hội", N),  # a lower body in a higher plan: one of many
        ("UBND xã", C), ("Văn phòng", C), ("Trung tâm", C), ("Thuế", P),
    ],
)
def test_a_name_it_does_not_know_for_sure_is_not_matched(written: str, level: Level) -> None:
    assert catalogue.find(written, level) is None


@pytest.mark.parametrize(
    ("written", "level", "kind", "code"),
    [("Sở Tài chính", C, UnitKind.EXTERNAL, "stc"), ("Sở Tài chính", P, UnitKind.INTERNAL, "stc"),
     ("Công an xã", C, UnitKind.INTERNAL, "caxa"), ("Đảng ủy xã", C, UnitKind.EXTERNAL, "danguy"),
     ("Chủ tịch UBND xã", C, UnitKind.ROLE, "chutich"), ("Chủ tịch UBND tỉnh", C, UnitKind.EXTERNAL, "ctt"),
     ("Chủ tịch UBND tỉnh", P, UnitKind.ROLE, "chutich"), ("Bộ Tài chính", P, UnitKind.EXTERNAL, "btc"),
     ("Bộ Tài chính", N, UnitKind.INTERNAL, "btc"), ("Thủ tướng Chính phủ", N, UnitKind.ROLE, "chutich")],
)
def test_kind_and_code_depend_on_the_plans_level(written: str, level: Level, kind: UnitKind, code: str) -> None:
    found = catalogue.find(written, level)
    assert found is not None
    unit = catalogue.unit_at(found[0], level, [written])
    assert (unit.kind, unit.code) == (kind, code)


def test_the_catalogue_is_a_table_of_unique_typeable_codes() -> None:
    codes = [e.code for e in catalogue.ENTRIES]
    assert len(codes) == len(set(codes)) and all(check_code(c) is None for c in codes)
    seed = {u.code: u for u in STANDARD_UNITS}
    for code in ("vhxh", "vp", "kt", "hcc", "dvsn"):  # the seed commune's bodies keep their codes and names
        assert catalogue.entry(code).name == seed[code].name
    for entry in catalogue.ENTRIES:
        for spelling in entry.spellings:
            assert catalogue.find(spelling, entry.level)[0] is entry, spelling


# ---------------------------------------------------------------- cells

@pytest.mark.parametrize(
    ("cell", "names", "collective"),
    [
        ("Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Văn hóa - Xã hội",
         ["Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội"], False),
        ("Phòng Kinh tế, Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội và Công an phường",
         ["Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội", "Công an phường"], False),
        ("Sở Tài chính\nCông an tỉnh", ["Sở Tài chính", "Công an tỉnh"], False),
        ("Sở Tài chính. Công an tỉnh.", ["Sở Tài chính", "Công an tỉnh"], False),
        ("Sở Tài chính\nCơ quan Thuế khu vực", ["Sở Tài chính", "Cơ quan Thuế khu vực"], False),
        ("Sở Khoa học và Công nghệ Sở Công Thương", ["Sở Khoa học và Công nghệ", "Sở Công Thương"], False),
        ("P. KT-HT&ĐT, P. VH-XH và TT PVHCC", ["P. KT-HT&ĐT", "P. VH-XH", "TT PVHCC"], False),
        ("- Phòng Văn hóa - Xã hội;\n- Công an xã;\n+ BCHQS xã", ["Phòng Văn hóa - Xã hội", "Công an xã", "BCHQS xã"],
         False),
        ("• VP HĐND&UBND • Phòng KT", ["VP HĐND&UBND", "Phòng KT"], False),
        ("Phòng Kinh tế xã Nam An, Phòng Văn hóa - Xã hội", ["Phòng Kinh tế xã Nam An", "Phòng Văn hóa - Xã hội"],
         False),
        ("Sở Tài Chính; Sở KH&CN. Sở Y tế", ["Sở Tài Chính", "Sở KH&CN", "Sở Y tế"], False),
        ("Công an TP. Hồ Chí Minh, Sở Nội vụ", ["Công an TP. Hồ Chí Minh", "Sở Nội vụ"], False),
        ("Phòng Văn hóa - Xã hội[2], Phòng Kinh tế (chủ trì phần vốn)", ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế"],
         False),
        ("Trách nhiệm của Phòng Văn hóa – Xã hội xã", ["Phòng Văn hóa – Xã hội xã"], False),
        # unknown names are kept whole, never cut at their own comma or dash, never glued onto a known one
        ("Ban Quản lý các Khu công nghiệp khu kinh tế, Sở Tài chính",
         ["Ban Quản lý các Khu công nghiệp khu kinh tế", "Sở Tài chính"], False),
        ("Trung tâm Văn hóa - Thông tin và Thể thao, Công an xã",
         ["Trung tâm Văn hóa - Thông tin và Thể thao", "Công an xã"], False),
        ("Báo và Phát thanh, Truyền hình tỉnh", ["Báo và Phát thanh, Truyền hình tỉnh"], False),
        ("Sở Tài chính Hải Phòng", ["Sở Tài chính Hải Phòng"], False),
        ("Lãnh đạo Văn phòng UBND tỉnh", ["Lãnh đạo Văn phòng UBND tỉnh"], False),
        # collectives name no one unit
        ("Các phòng, ban; UBND các thôn", [], True),
        ("Phòng Văn hóa - Xã hội và các cơ quan, đơn vị liên quan", ["Phòng Văn hóa - Xã hội"], True),
        ("Các sở, ban, ngành tỉnh; UBND các xã, phường", [], True),
        ("Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo", ["Sở Tài chính"], True),
    ],
)
def test_a_cell_is_read_as_the_units_it_lists(cell: str, names: list[str], collective: bool) -> None:
    assert split_names(cell, UnitDirectory(STANDARD_UNITS)) == (names, collective)


def test_a_plans_own_units_split_a_cell_as_catalogue_units_do() -> None:
    """A unit of the plan's data file, unknown to the catalogue, keeps its own comma too."""
    from plan_data.units.spec import UnitSpec

    own = UnitDirectory([UnitSpec("tthtdn", "Trung tâm Hỗ trợ, Tư vấn doanh nghiệp")])
    assert split_names("Trung tâm Hỗ trợ, Tư vấn doanh nghiệp; Sở Tài chính", own)[0] == [
        "Trung tâm Hỗ trợ, Tư vấn doanh nghiệp", "Sở Tài chính"]
    assert own.find("TT Hỗ trợ, Tư vấn DN").code == "tthtdn"


# ---------------------------------------------------------------- properties

_LEVEL_TAIL = re.compile(r"\s+(xã|phường|đặc khu|tỉnh|thành phố|[Kk]hu vực)$")
_TWO_SYLLABLE_HEADS = ("Trung tâm", "Văn phòng", "Ủy ban", "Thanh tra", "Ngân hàng", "Kho bạc", "Bảo hiểm",
                       "Chủ tịch", "Công an", "Đảng ủy")


def _abbreviations(name: str) -> set[str]:
    """The name with what follows its head written as capital initials, the ways officers shorten names:
    "Sở KH&CN", "Sở KHCN", "Phòng VH-XH", "Trung tâm PVHCC", "TTPVHCC"; an abbreviation stays whole
    ("UBND"), the level word stays written out ("CA xã")."""
    level = _LEVEL_TAIL.search(name)
    words = re.findall(r"\w+|[,&-]", name[:level.start()] if level else name)
    starts = [0, 2 if name.startswith(_TWO_SYLLABLE_HEADS) else 1]
    out = set()
    for start, keep in ((start, keep) for start in starts for keep in (True, False)):
        if start >= len(words) or any(w in ",&-" for w in words[:start]):
            continue
        run = "".join(("&" if keep else "") if w in ("và", "&") else ("-" if keep else "") if w in ",-"
                      else w if w.isupper() and len(w) > 1 else w[0].upper() for w in words[start:]).strip("&-")
        if sum(ch.isalpha() for ch in run) >= 2:
            out.add(" ".join([*words[:start], run]) + (level.group() if level else ""))
    return out


def _variants(entry: catalogue.Entry, *, shortened: bool = True) -> list[str]:
    """Every way the tests write a catalogue unit: each of its names, shortened, with its level word, typed
    without diacritics, in NFD, with "–" for "-"."""
    tails = {C: ["", " xã", " phường"], P: ["", " tỉnh"], N: [""]}[entry.level]
    names = {a for name in entry.spellings for a in (name, *(_abbreviations(name) if shortened else ()))}
    with_tails = {n + ("" if _LEVEL_TAIL.search(n) else tail) for n in names for tail in tails}
    return sorted({f(n) for n in with_tails for f in (str, _bare, _nfd, lambda s: s.replace(" - ", " – "))})


def _ambiguous(text: str) -> bool:
    from plan_data.units.spotting import Scanner

    return len({code for code, _place in Scanner([catalogue.lexicon()]).whole(text)}) > 1


@pytest.mark.parametrize("entry", catalogue.ENTRIES, ids=lambda e: e.code)
def test_every_way_of_writing_a_catalogue_unit_finds_it_or_is_ambiguous(entry: catalogue.Entry) -> None:
    """Each written form finds its unit, or could mean two ("Sở NV") and finds none: never another unit."""
    found = {v: catalogue.find(v, entry.level) for v in _variants(entry)}
    assert not [v for v, f in found.items() if (f[0] is not entry if f else not _ambiguous(v))]
    assert all(found[v] for v in _variants(entry, shortened=False))  # written out, it is never ambiguous


_WRITTEN = {level: [(v, e.code) for e in catalogue.ENTRIES if e.offered(level)
                    for v in _variants(e) if (catalogue.find(v, level) or (None,))[0] is e] for level in (C, P, N)}


def written(level: Level) -> st.SearchStrategy[tuple[str, str]]:
    """(a spelling of a catalogue unit a plan of this level may name, its code)."""
    return st.sampled_from(_WRITTEN[level])


def _compose(names: list[str], separators: list[str], end: str) -> str:
    return "".join(n + s for n, s in zip(names, [*separators[:len(names) - 1], end], strict=False))


ENDS = st.sampled_from(["", ";", ".", "\n", " và"])  # "và" left dangling where a line was cut
SEPARATORS = st.sampled_from([", ", "; ", "/", " / ", " và ", "\n", "\n- ", "\n+ ", "\n• ", " • ", ". ", ".\n", ";\n- "])
UNKNOWN = st.sampled_from(["Hội Nông dân", "Trung tâm Khuyến nông", "Ban Quản lý dự án đầu tư", "Hội Cựu chiến binh",
                           "Viện Nghiên cứu phát triển", "Trạm Y tế", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([C, P, N]).flatmap(lambda level: st.tuples(
    st.just(level), st.lists(written(level), min_size=3, max_size=6, unique_by=lambda w: w[1]),
    st.lists(SEPARATORS, min_size=6, max_size=6), ENDS)))
def test_composed_cells_give_back_exactly_their_units_in_order(case) -> None:
    level, units, separators, end = case
    cell = _compose([name for name, _code in units], separators, end)
    names, collective = split_names(cell)
    assert names == [unicodedata.normalize("NFC", name) for name, _code in units], cell
    assert [catalogue.find(n, level)[0].code for n in names] == [code for _name, code in units]
    assert not collective


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(written(C).map(lambda w: w[0]), UNKNOWN), min_size=3, max_size=6, unique=True),
       st.lists(SEPARATORS, min_size=6, max_size=6), ENDS)
def test_unknown_names_between_known_ones_are_neither_cut_nor_glued(names: list[str], separators: list[str],
                                                                    end: str) -> None:
    cell = _compose(names, separators, end)
    assert split_names(cell)[0] == [unicodedata.normalize("NFC", n) for n in names], cell


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_splits_without_failing(text: str) -> None:
    names, _collective = split_names(text, UnitDirectory(STANDARD_UNITS))
    assert all(name.strip() for name in names)
