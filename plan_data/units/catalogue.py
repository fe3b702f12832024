"""The units plans name, known before any plan is read: a commune's or ward's bodies after the 2025 reform,
a province's departments after the 2025 merger, the ministries.  (pure)

Sources: Nghị định 45/2025/NĐ-CP and 150/2025/NĐ-CP (the departments every province has, the few some have,
the three bodies of a commune: Văn phòng HĐND và UBND, Phòng Kinh tế — "Kinh tế, Hạ tầng và Đô thị" in a ward
— and Phòng Văn hóa - Xã hội), Nghị quyết 176/2025/QH15 (14 ministries and 3 ministry-level bodies); the
names of the bodies beside them as 2025–2026 plans write them. A body that was merged away (Sở Kế hoạch và
Đầu tư, Sở Thông tin và Truyền thông) is left out on purpose: a plan naming it is proposed to a person, never
matched to whichever body took its work.

Abbreviations by capital initials ("TTPVHCC", "Sở KH&CN", "P. VH-XH", "BCHQS xã") are derived by
plan_data.units.spotting, so a row lists only the other names a unit goes by. A code is short, [a-z0-9], typed on
a phone; the seed commune's five keep theirs (vhxh, vp, kt, hcc, dvsn).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from plan_data.units.spec import Level, UnitKind, UnitSpec, name_key
from plan_data.units.spotting import COMMUNE_WORDS, PROVINCE_WORDS, Lexicon, Scanner

_C, _P, _N = Level.COMMUNE, Level.PROVINCE, Level.NATION
_I, _E, _R = UnitKind.INTERNAL, UnitKind.EXTERNAL, UnitKind.ROLE

# code, name, the level it belongs to, its kind there (a body of another branch — the Party, the council, the
# Front — is outside the People's Committee that issues the plan), its other names separated by "|".
_TABLE = (
    # a commune, ward or special zone (đặc khu); "xã" stands for all three
    ("vp", "Văn phòng HĐND và UBND xã", _C, _I, "Văn phòng UBND xã"),
    ("kt", "Phòng Kinh tế", _C, _I, ""),
    ("kthtdt", "Phòng Kinh tế, Hạ tầng và Đô thị", _C, _I, ""),
    ("vhxh", "Phòng Văn hóa - Xã hội", _C, _I, ""),
    ("hcc", "Trung tâm Phục vụ hành chính công", _C, _I, ""),
    ("dvsn", "Trung tâm Dịch vụ Sự nghiệp công", _C, _I, ""),
    ("dvth", "Trung tâm Dịch vụ tổng hợp", _C, _I, ""),
    ("cudvc", "Trung tâm Cung ứng dịch vụ công", _C, _I, ""),
    ("caxa", "Công an xã", _C, _I, "Công an phường|Công an đặc khu"),
    ("qsxa", "Ban Chỉ huy Quân sự xã", _C, _I, ""),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", _C, _E, "Ủy ban Mặt trận Tổ quốc xã|Mặt trận Tổ quốc xã"),
    ("danguy", "Đảng ủy xã", _C, _E, ""),
    ("hdnd", "HĐND xã", _C, _E, "HĐND phường|HĐND đặc khu"),
    ("chutich", "Chủ tịch UBND xã", _C, _R, "Chủ tịch UBND phường|Chủ tịch UBND đặc khu"),
    ("pct", "Phó Chủ tịch UBND xã", _C, _R, "Phó Chủ tịch UBND phường|Phó Chủ tịch UBND đặc khu"),
    # a province or a centrally governed city ("thành phố")
    ("vpubndt", "Văn phòng UBND tỉnh", _P, _I, "Văn phòng UBND thành phố"),
    ("snv", "Sở Nội vụ", _P, _I, ""),
    ("stp", "Sở Tư pháp", _P, _I, ""),
    ("stc", "Sở Tài chính", _P, _I, ""),
    ("sct", "Sở Công Thương", _P, _I, ""),
    ("snnmt", "Sở Nông nghiệp và Môi trường", _P, _I, ""),
    ("sxd", "Sở Xây dựng", _P, _I, ""),
    ("skhcn", "Sở Khoa học và Công nghệ", _P, _I, ""),
    ("svhttdl", "Sở Văn hóa, Thể thao và Du lịch", _P, _I, ""),
    ("sgddt", "Sở Giáo dục và Đào tạo", _P, _I, ""),
    ("syt", "Sở Y tế", _P, _I, ""),
    ("ttt", "Thanh tra tỉnh", _P, _I, "Thanh tra thành phố"),
    ("sngoaivu", "Sở Ngoại vụ", _P, _I, ""),
    ("sdttg", "Sở Dân tộc và Tôn giáo", _P, _I, ""),
    ("sdl", "Sở Du lịch", _P, _I, ""),  # Hà Nội, Thành phố Hồ Chí Minh and a few others
    ("svhtt", "Sở Văn hóa và Thể thao", _P, _I, ""),  # where tourism has its own Sở
    ("sqhkt", "Sở Quy hoạch - Kiến trúc", _P, _I, ""),  # Hà Nội, Thành phố Hồ Chí Minh
    ("cat", "Công an tỉnh", _P, _I, "Công an thành phố"),
    ("bchqst", "Bộ Chỉ huy Quân sự tỉnh", _P, _I, "Bộ Chỉ huy Quân sự thành phố"),
    ("bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", _P, _I, "Bộ Chỉ huy Bộ đội Biên phòng thành phố"),
    ("bqlkkt", "Ban Quản lý Khu kinh tế", _P, _I, ""),
    ("bqlkcn", "Ban Quản lý các khu công nghiệp", _P, _I, ""),
    ("thuet", "Thuế tỉnh", _P, _I, "Thuế thành phố"),
    ("bhxht", "Bảo hiểm xã hội tỉnh", _P, _I, "Bảo hiểm xã hội thành phố"),
    ("kbnn", "Kho bạc Nhà nước khu vực", _P, _I, ""),
    ("nhnnkv", "Ngân hàng Nhà nước Chi nhánh Khu vực", _P, _I, "Ngân hàng Nhà nước Việt Nam Chi nhánh Khu vực"),
    ("ubndt", "UBND tỉnh", _P, _I, ""),
    ("ubndtp", "UBND thành phố", _P, _I, ""),
    ("hdndt", "HĐND tỉnh", _P, _E, "HĐND thành phố"),
    ("vpdbqh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", _P, _E, "Văn phòng Đoàn ĐBQH và HĐND thành phố"),
    ("mttqt", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", _P, _E,
     "Ủy ban Mặt trận Tổ quốc tỉnh|Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
    ("ctt", "Chủ tịch UBND tỉnh", _P, _R, "Chủ tịch UBND thành phố"),
    ("pctt", "Phó Chủ tịch UBND tỉnh", _P, _R, "Phó Chủ tịch UBND thành phố"),
    # the Government: 14 ministries and 3 ministry-level bodies (Nghị quyết 176/2025/QH15)
    ("bqp", "Bộ Quốc phòng", _N, _I, ""),
    ("bca", "Bộ Công an", _N, _I, ""),
    ("bng", "Bộ Ngoại giao", _N, _I, ""),
    ("bnv", "Bộ Nội vụ", _N, _I, ""),
    ("btp", "Bộ Tư pháp", _N, _I, ""),
    ("btc", "Bộ Tài chính", _N, _I, ""),
    ("bct", "Bộ Công Thương", _N, _I, ""),
    ("bnnmt", "Bộ Nông nghiệp và Môi trường", _N, _I, ""),
    ("bxd", "Bộ Xây dựng", _N, _I, ""),
    ("bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch", _N, _I, ""),
    ("bkhcn", "Bộ Khoa học và Công nghệ", _N, _I, ""),
    ("bgddt", "Bộ Giáo dục và Đào tạo", _N, _I, ""),
    ("byt", "Bộ Y tế", _N, _I, ""),
    ("bdttg", "Bộ Dân tộc và Tôn giáo", _N, _I, ""),
    ("nhnn", "Ngân hàng Nhà nước Việt Nam", _N, _I, ""),
    ("ttcp", "Thanh tra Chính phủ", _N, _I, ""),
    ("vpcp", "Văn phòng Chính phủ", _N, _I, ""),
    ("bcycp", "Ban Cơ yếu Chính phủ", _N, _I, ""),
    ("thutuong", "Thủ tướng Chính phủ", _N, _R, ""),
)
# The issuer's own head: in a plan of their level they are the plan's leader role ("chutich").
_LEADERS = frozenset({"chutich", "ctt", "thutuong"})
# Named after the place they serve: "Thuế Đồng Nai", "Kho bạc Nhà nước khu vực XII".
_PLACED = frozenset({"thuet", "bhxht", "kbnn", "nhnnkv"})
_RANK = {_C: 0, _P: 1, _N: 2}
LEADER = "chutich"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    level: Level
    own: UnitKind  # its kind in a plan of its own level; a plan of a lower level names it as outside
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def offered(self, level: Level) -> bool:
        """A plan names units of its own level and above; a lower body it names ("Công an xã" in a province's
        plan) is someone's of many and is proposed to a person instead."""
        return _RANK[self.level] >= _RANK[level]

    def kind_at(self, level: Level) -> UnitKind:
        return self.own if self.level is level else UnitKind.EXTERNAL

    def code_at(self, level: Level) -> str:
        return LEADER if self.code in _LEADERS and self.level is level else self.code


ENTRIES = tuple(Entry(code, name, level, kind, tuple(a for a in aliases.split("|") if a))
                for code, name, level, kind, aliases in _TABLE)
_BY_CODE = {e.code: e for e in ENTRIES}


def entry(code: str) -> Entry | None:
    return _BY_CODE.get(code)


@cache
def lexicon() -> Lexicon:
    """Every catalogue spelling, each followed by the level words of its level ("xã", "tỉnh")."""
    tails = {_C: COMMUNE_WORDS, _P: PROVINCE_WORDS, _N: ()}
    return Lexicon((s, e.code, tails[e.level], e.code in _PLACED) for e in ENTRIES for s in e.spellings)


@cache
def _by_key() -> dict[str, tuple[Entry, ...]]:
    keys: dict[str, list[Entry]] = {}
    for e in ENTRIES:
        for spelling in e.spellings:
            keys.setdefault(name_key(spelling), []).append(e)
    return {k: tuple(dict.fromkeys(v)) for k, v in keys.items()}


def find(name: str, level: Level) -> tuple[Entry, str] | None:
    """The one catalogue unit a name means in a plan of this level, and the place it names ("dong nai" of
    "Thuế Đồng Nai", or ""); None for a name it does not know or that could mean two ("Sở NV": Nội vụ or
    Ngoại vụ)."""
    found = {e.code: "" for e in _by_key().get(name_key(name), ()) if e.offered(level)}
    if not found:
        for code, place in sorted(Scanner([lexicon()]).whole(name), key=lambda found: len(found[1])):
            if _BY_CODE[code].offered(level):
                found[code] = place
    if len(found) != 1:
        return None
    [(code, place)] = found.items()
    return _BY_CODE[code], place


def unit_at(found: Entry, level: Level, written: Iterable[str], place: str = "xã") -> UnitSpec:
    """The catalogue unit as a plan of this level has it: its code, its kind there, the name the plan wrote
    when that is one of its names ("Công an phường"), else its own, said for the commune's kind of place (a
    ward's "Văn phòng HĐND và UBND phường"); the plan's other spellings as aliases."""
    written = list(dict.fromkeys(written))
    by_key = {name_key(s): s for s in found.spellings}
    name = next((by_key[name_key(w)] for w in written if name_key(w) in by_key), found.name)
    if name == found.name and found.level is _C and name.endswith(" xã") and place != "xã":
        name = f"{name[:-len('xã')]}{place}"
    aliases = tuple(w for w in written if name_key(w) != name_key(name))
    return UnitSpec(found.code_at(level), name, found.kind_at(level), aliases=aliases)
