"""Units of a commune and how their names are matched however a plan writes them.  (pure)

Plans write the same unit many ways: "Phòng Văn hóa – Xã hội xã", "Phòng Văn hoá- Xã hội",
NFC or NFD, with or without the trailing "xã". Every name is reduced to one key before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from plan_data.folding import fold
from plan_data.units.spotting import ALL_WORDS, Lexicon, Scanner


class Level(StrEnum):
    """Who issued a plan; it decides which units are outside it (a Sở is outside a commune, inside a province)."""

    COMMUNE = "commune"  # UBND xã, phường, đặc khu
    PROVINCE = "province"  # UBND tỉnh, thành phố trực thuộc trung ương
    NATION = "nation"  # Chính phủ, Thủ tướng, a Bộ


class UnitKind(StrEnum):
    INTERNAL = "internal"  # a body of the commune: reminded, updates its tasks
    EXTERNAL = "external"  # a city body (Sở …, UBND thành phố): named in the plan, never reminded
    ROLE = "role"  # a person's role (chutich): may look at and update everything


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind = UnitKind.INTERNAL
    focal: bool = False  # the CCHC focal point (đầu mối), receives escalations and reports
    aliases: tuple[str, ...] = field(default=())
    # named by the plan but known neither to the plan's own units nor to the catalogue: a code was made from its
    # name, and `plan import --accept-units` (or the reviewed data file) is needed to create it
    proposed: bool = False


CITY_ROLE = "thanhpho"  # a city officer's chat: every commune's overdue list, summary and report

# The standard structure of a commune after the 2025 two-tier reform; every commune has these bodies.
STANDARD_UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("vhxh", "Phòng Văn hóa - Xã hội", focal=True, aliases=("VHXH", "Văn hóa xã hội")),
    UnitSpec("vp", "Văn phòng HĐND và UBND xã",
         aliases=("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", "Văn phòng UBND xã", "Văn phòng")),
    UnitSpec("kt", "Phòng Kinh tế", aliases=("Phòng Kinh tế xã",)),
    UnitSpec("hcc", "Trung tâm Phục vụ hành chính công",
         aliases=("Trung tâm Phục vụ HCC", "TT Phục vụ hành chính công", "TTPVHCC")),
    UnitSpec("dvsn", "Trung tâm Dịch vụ Sự nghiệp công", aliases=("TT Dịch vụ sự nghiệp công",)),
    UnitSpec("snv", "Sở Nội vụ", UnitKind.EXTERNAL),
    UnitSpec("syt", "Sở Y tế", UnitKind.EXTERNAL),
    UnitSpec("sgddt", "Sở GD&ĐT", UnitKind.EXTERNAL, aliases=("Sở Giáo dục và Đào tạo",)),
    UnitSpec("ubndtp", "UBND thành phố", UnitKind.EXTERNAL, aliases=("Ủy ban nhân dân thành phố",)),
    UnitSpec("chutich", "Chủ tịch UBND xã", UnitKind.ROLE, aliases=("Chủ tịch Ủy ban nhân dân xã", "Chủ tịch")),
    UnitSpec(CITY_ROLE, "Thành phố (theo dõi mọi xã)", UnitKind.ROLE),
)

# Abbreviations plans use for the same names ("Sở KH&CN", "UBND", "Bộ CHQS tỉnh"), spelled out in the key.
_ABBREVIATIONS = (
    (r"\bkh ?& ?cn\b", "khoa hoc va cong nghe"), (r"\bgd ?& ?dt\b", "giao duc va dao tao"),
    (r"\btt ?& ?tt\b", "thong tin va truyen thong"), (r"\bnn ?& ?mt\b", "nong nghiep va moi truong"),
    (r"\bnn ?& ?ptnt\b", "nong nghiep va phat trien nong thon"), (r"\bchqs\b", "chi huy quan su"),
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"),
)


@lru_cache(maxsize=4096)  # pure; a plan's names are keyed again by every reader and every check
def name_key(name: str) -> str:
    """The key two spellings of one unit share: folded, abbreviations spelled out, spaces around '-' dropped,
    trailing 'xã' dropped."""
    key = fold(name)
    for short, long in _ABBREVIATIONS:
        key = re.sub(short, long, key)
    key = key.replace("&", " va ").replace(",", " ")
    key = re.sub(r"\s*-\s*", "-", key)
    key = re.sub(r"[.,;:]+$", "", key).strip()
    while key.endswith(" xa"):
        key = key[: -len(" xa")].strip()
    return re.sub(r"\s+", " ", key)


CODE = re.compile(r"[a-z0-9]{2,16}")


def check_code(code: str) -> str | None:
    """None for a code a chat command, a chat link and a file link can carry ([a-z0-9], 2–16 characters);
    else what is wrong, in Vietnamese, with a code to use instead. Every unit made from a file passes here."""
    if CODE.fullmatch(code):
        return None
    suggestion = re.sub(r"[^a-z0-9]", "", fold(code))[:16]
    hint = f"dùng «{suggestion}»" if len(suggestion) >= 2 else "ví dụ «kt» cho Phòng Kinh tế"
    return (f"mã đơn vị «{code[:40]}» không dùng được: mã chỉ gồm chữ thường không dấu và chữ số (a–z, 0–9), "
            f"dài 2–16 ký tự, để gõ được trên điện thoại và đặt được vào đường dẫn; {hint}")


class UnitNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class UnitDirectory:
    """Finds a plan's units by code or by any spelling of their name or aliases."""

    def __init__(self, units: tuple[UnitSpec, ...] | list[UnitSpec], *, collective_means_all: bool = True) -> None:
        self.units = tuple(units)
        # a commune's plan says "Các phòng, cơ quan liên quan" for all its units; a province's "Các sở, ban,
        # ngành" names dozens of bodies it does not mean to remind, so there a collective names no one
        self.collective_means_all = collective_means_all
        self._by_key: dict[str, UnitSpec] = {}
        for unit in self.units:
            for spelling in (unit.code, unit.name, *unit.aliases, *_catalogue_aliases(unit.code)):
                self._by_key.setdefault(name_key(spelling), unit)
        self._lexicon: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        """Its units' names and aliases for matching inside a cell ("P. VH-XH", "Phòng Kinh tế xã Nam An")."""
        if self._lexicon is None:
            self._lexicon = Lexicon((spelling, unit, ALL_WORDS, False) for unit in self.units
                                    for spelling in (unit.name, *unit.aliases, *_catalogue_aliases(unit.code)))
        return self._lexicon

    def get(self, code: str) -> UnitSpec | None:
        return next((u for u in self.units if u.code == code), None)

    def find(self, name: str) -> UnitSpec:
        """The unit a name means: the same key, or its words however abbreviated; never one of two, never one
        of another place."""
        unit = self._by_key.get(name_key(name))
        if unit is None:  # a place makes another unit ("UBND tỉnh Đồng Nai"): only a name without one
            found = {target for target, place in Scanner([self.lexicon]).whole(name) if not place}
            unit = found.pop() if len(found) == 1 else None
        if unit is None:
            raise UnitNotFound(name)
        return unit

    def internal(self) -> tuple[UnitSpec, ...]:
        return tuple(u for u in self.units if u.kind is UnitKind.INTERNAL)

    def focal(self) -> UnitSpec | None:
        return next((u for u in self.units if u.focal), None)


def _catalogue_aliases(code: str) -> tuple[str, ...]:
    standard = next((u for u in STANDARD_UNITS if u.code == code), None)
    return (standard.name, *standard.aliases) if standard else ()


# A coordinating cell may name no unit at all but a category ("Các cơ quan, chuyên môn, đơn vị liên quan",
# "Cơ quan nhà nước, đơn vị sự nghiệp công lập, …"). Those mean "whoever is concerned": every commune unit.
_GENERIC = re.compile(r"^(cac |co quan |don vi )|lien quan|chuyen mon")


def resolve_lead(text: str, directory: UnitDirectory) -> tuple[UnitSpec, ...]:
    """Units named in a lead cell ("Sở Nội vụ/Sở Y tế/Sở GD&ĐT"); UnitNotFound for a name it does not know."""
    parts = [p for p in re.split(r"\s*[/;]\s*", text.strip()) if p.strip()]
    return tuple(directory.find(p) for p in parts)


def resolve_coordinators(text: str, directory: UnitDirectory, leads: tuple[UnitSpec, ...]) -> tuple[UnitSpec, ...]:
    """Units named in a coordinating cell; a generic phrase means every internal unit but the leads."""
    if not text.strip():
        return ()
    try:
        return resolve_lead(text, directory)
    except UnitNotFound:
        if not _GENERIC.search(fold(text)):
            raise
    return tuple(u for u in directory.internal() if u not in leads)
