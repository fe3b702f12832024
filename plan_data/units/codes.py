"""Which units a plan has, and the codes they go by.  (pure)

Pinned units (a units file, a data file) come first; then, for a commune's or ward's plan, its standard
bodies; then every other name its lead and coordinating cells use: a unit of the catalogue (its code and name,
its kind by the plan's level), or else a *proposed* unit — named by the plan, known to no one, given a code
made from its name — which a person accepts (`plan import --accept-units`) or corrects. Nothing is matched to
a "close" unit. Then the focal point: the unit the plan calls its standing body, else the one leading most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from plan_data.units import catalogue
from plan_data.units.cells import kind_for, split_names, unit_code
from plan_data.units.spec import (
    STANDARD_UNITS,
    Level,
    UnitDirectory,
    UnitKind,
    UnitNotFound,
    UnitSpec,
    name_key,
    resolve_coordinators,
    resolve_lead,
)

# A province's or the Government's plan has no standard bodies, only its leader and the level above it.
ROLES = (
    UnitSpec("chutich", "Lãnh đạo cơ quan ban hành", UnitKind.ROLE, aliases=("Chủ tịch",)),
    UnitSpec("thanhpho", "Cấp trên (theo dõi mọi kế hoạch)", UnitKind.ROLE),
)

# the plan names its focal point: «Sở Tài chính - Cơ quan thường trực», «Giao Sở Nội vụ là đầu mối»
_FOCAL = re.compile(r"(?P<name>[^\n,.;:()\-–]{3,80}?)\s*(?:[-–(,]\s*(?:là\s+)?|\s+là\s+)"
                    r"(?:cơ quan thường trực|cơ quan đầu mối|đầu mối)", re.IGNORECASE)
_ASKING = re.compile(r"^(?:giao(?: cho)?|đề nghị|yêu cầu|phân công)\s+", re.IGNORECASE)  # "Giao Sở Nội vụ là …"


@dataclass(frozen=True)
class PlanUnits:
    directory: UnitDirectory  # every unit of the plan, in order: pinned, standard, named by its cells
    notes: tuple[str, ...]  # what a person should look at: the focal point as guessed, the proposed units
    proposed: tuple[UnitSpec, ...]  # units the plan names that nobody knows yet (UnitSpec.proposed)


def plan_units(cells: Sequence[tuple[str, str]], level: Level, pinned: Sequence[UnitSpec] = (), body: str = "",
               section_titles: Sequence[str] = (), issuer: str = "") -> PlanUnits:
    """The units of a plan from its (lead, coordinators) cells, one pair a task, in the plan's order.
    `issuer` ("UBND phường Tân Hưng") tells a ward from a commune: its standard bodies differ."""
    commune = level is Level.COMMUNE
    place = _commune_word(issuer)
    base = _base(level, tuple(pinned), place)
    probe = UnitDirectory(base, collective_means_all=commune)
    names = [name for lead, coordinators in cells for cell, coordinating in ((lead, False), (coordinators, True))
             for name in _unresolved(cell, probe, coordinating)]
    units = _named(names, level, base, place)
    notes = [_proposed_note(proposed)] if (proposed := [u for u in units if u.proposed]) else []
    if not any(u.focal for u in units):
        units, note = with_focal(units, body, list(section_titles), [lead for lead, _c in cells], level, place)
        notes.append(note)
    return PlanUnits(UnitDirectory(units, collective_means_all=commune), tuple(notes),
                     tuple(u for u in units if u.proposed))


def _commune_word(issuer: str) -> str:
    found = re.search(r"\b(xã|phường|đặc khu)\b", issuer, re.IGNORECASE)
    return found.group(1).lower() if found else "xã"


def _base(level: Level, pinned: tuple[UnitSpec, ...], place: str) -> tuple[UnitSpec, ...]:
    """Pinned units, then the standard ones whose codes they leave free. A ward has Phòng Kinh tế, Hạ tầng và
    Đô thị where a commune has Phòng Kinh tế, and its bodies are "… phường"."""
    standard = ROLES
    if level is Level.COMMUNE:  # its own bodies and roles; a city body only when the plan names it
        standard = tuple(_for_place(u, place) for u in STANDARD_UNITS if u.kind is not UnitKind.EXTERNAL)
    taken = {u.code for u in pinned}
    return (*pinned, *(u for u in standard if u.code not in taken))


def _for_place(unit: UnitSpec, place: str) -> UnitSpec:
    if place == "phường" and unit.code == "kt":
        found = catalogue.entry("kthtdt")
        return UnitSpec(found.code, found.name) if found else unit
    if place != "xã" and unit.name.endswith(" xã"):
        return replace(unit, name=f"{unit.name[:-len('xã')]}{place}", aliases=(unit.name, *unit.aliases))
    return unit


def _unresolved(cell: str, directory: UnitDirectory, coordinating: bool) -> list[str]:
    """The names of a cell the plan's units do not know yet, read as build_task reads the cell."""
    if not cell.strip():
        return []
    try:
        if coordinating and directory.collective_means_all:
            resolve_coordinators(cell, directory, ())  # "Các cơ quan liên quan": every unit of the commune
        else:
            resolve_lead(cell, directory)
        return []
    except UnitNotFound:
        return [name for name in split_names(cell, directory)[0] if not _finds(directory, name)]


def _finds(directory: UnitDirectory, name: str) -> UnitSpec | None:
    try:
        return directory.find(name)
    except UnitNotFound:
        return None


def _named(names: list[str], level: Level, base: tuple[UnitSpec, ...], place: str) -> tuple[UnitSpec, ...]:
    """Base units, then a unit for each unit the names mean: the catalogue's, else a proposed one. A name that
    means a base unit only through the catalogue ("Chủ tịch UBND tỉnh" for a province's leader) becomes one
    of its aliases."""
    directory = UnitDirectory(base)
    by_row: dict[str, dict[str, list[str]]] = {}  # a catalogue row's code -> a place ("" for none) -> spellings
    unknown: list[str] = []
    for name in names:
        if _finds(directory, name) is None:
            if (found := catalogue.find(name, level)) is not None:
                by_row.setdefault(found[0].code, {}).setdefault(found[1], []).append(name)
            else:
                unknown.append(name)
    units = list(base)
    spelled: dict[str, list[str]] = {}  # code -> the plan's spellings to keep with the unit
    same = {row: u.code for u in base if (row := _same(u, level)) is not None}
    for code, places in by_row.items():
        for unit, spellings in _row_units(catalogue.entry(code), places, level, place, same.get(code), units):
            if unit not in units:
                units.append(unit)
            spelled.setdefault(unit.code, []).extend(spellings)
    for name in unknown:
        found = _finds(UnitDirectory(units), name)
        if found is None:
            found = UnitSpec(unit_code(name, {u.code for u in units}), name, kind_for(name, level), proposed=True)
            units.append(found)
        spelled.setdefault(found.code, []).append(name)
    return tuple(_spelled(u, spelled.get(u.code, [])) for u in units)


def _row_units(row: catalogue.Entry, places: dict[str, list[str]], level: Level, commune_word: str,
               base_code: str | None, units: list[UnitSpec]) -> list[tuple[UnitSpec, list[str]]]:
    """The units one catalogue row gives a plan, with their spellings. Named with one place or none, it is one
    unit (a pinned or standard one if the plan has it); with several places ("UBND tỉnh Đồng Nai", "UBND
    tỉnh Lâm Đồng"), each place is a unit of its own, never merged."""
    taken = {u.code for u in units}
    named = [p for p in places if p]
    if len(named) <= 1:
        spellings = [s for group in places.values() for s in group]
        if base_code is not None:
            return [(next(u for u in units if u.code == base_code), spellings)]
        exact = catalogue.unit_at(row, level, spellings, commune_word)
        # written only with its place ("Thuế Đồng Nai"), it goes by that name
        name = Counter(places[named[0]]).most_common(1)[0][0] if named and "" not in places else exact.name
        return [(replace(exact, code=_free(exact.code, taken), name=name, aliases=()), spellings)]
    groups = [("", places[""])] if "" in places else []
    out = _row_units(row, dict(groups), level, commune_word, base_code, units) if groups else []
    for where in named:
        name = Counter(places[where]).most_common(1)[0][0]
        taken |= {u.code for u, _s in out}
        out.append((UnitSpec(unit_code(name, taken), name, row.kind_at(level)), places[where]))
    return out


def _free(code: str, taken: set[str]) -> str:
    """The code, or the code with a number when a pinned unit already has it ("stc2")."""
    free, n = code, 2
    while free in taken:
        free, n = f"{code[:14]}{n}", n + 1
    return free


def _same(unit: UnitSpec, level: Level) -> str | None:
    """The catalogue row a pinned or standard unit is: by its name, or as the plan's leader role."""
    if unit.kind is UnitKind.ROLE and unit.code == catalogue.LEADER:
        return next((e.code for e in catalogue.ENTRIES if e.level is level and e.code_at(level) == catalogue.LEADER),
                    None)
    found = catalogue.find(unit.name, level)
    return found[0].code if found and not found[1] else None


def _spelled(unit: UnitSpec, spellings: list[str]) -> UnitSpec:
    """A unit with the plan's other spellings as aliases; a proposed one named by its most written."""
    if not spellings:
        return unit
    if unit.proposed:
        unit = replace(unit, name=Counter(spellings).most_common(1)[0][0])
    keys = {name_key(s) for s in (unit.name, *unit.aliases)}
    extra = [s for s in dict.fromkeys(spellings) if name_key(s) not in keys]
    return replace(unit, aliases=(*unit.aliases, *extra))


def _proposed_note(proposed: list[UnitSpec]) -> str:
    listed = "; ".join(f"«{u.name}» ({u.code}, {'ngoài' if u.kind is UnitKind.EXTERNAL else 'trong'})"
                       for u in proposed)
    return (f"đơn vị kế hoạch nêu nhưng chưa có trong danh mục, đề xuất tạo mới: {listed} — nạp với --accept-units "
            "nếu đúng; nếu là tên viết khác của một đơn vị đã có, sửa tên ấy (hoặc thêm vào aliases trong tệp dữ liệu)")


# With no focal point found, a stand-in is proposed: a plan must say who follows it before it is imported.
FOCAL_STAND_IN = UnitSpec("daumoi", "Đầu mối theo dõi kế hoạch", focal=True, proposed=True)


def with_focal(units: Sequence[UnitSpec], body: str, titles: list[str], leads: list[str],
               level: Level = Level.PROVINCE, place: str = "xã") -> tuple[tuple[UnitSpec, ...], str]:
    """The units with the focal point marked, and a note on how it was found. A unit the plan names as its
    standing body without naming it in a cell (a table with no lead column) joins the units; with none at all,
    the stand-in is proposed, for a person to name (`plan export`) or accept."""
    directory = UnitDirectory(units)
    lead_names = [n for cell in leads for n in split_names(cell, directory)[0]]
    internal_leads = [n for n in lead_names if (u := _finds(directory, n)) is not None and u.kind is UnitKind.INTERNAL]
    name, how = focal_name(body, titles, internal_leads)
    focal = _finds(directory, name) if name else None
    if focal is None and name and kind_for(name, level) is UnitKind.INTERNAL:
        units = _named([name], level, tuple(units), place)
        focal = _finds(UnitDirectory(units), name)
    if focal is None or focal.kind is not UnitKind.INTERNAL:
        return (*units, FOCAL_STAND_IN), ("chưa có đầu mối: đề xuất «Đầu mối theo dõi kế hoạch» (daumoi); sửa tên, "
                                          "hoặc đánh dấu một đơn vị «focal: true» trong tệp dữ liệu (plan export)")
    marked = tuple(replace(u, focal=True) if u.code == focal.code else u for u in units)
    return marked, f"đầu mối: {focal.name} ({focal.code}) — {how}; sửa «focal: true» trong tệp dữ liệu nếu sai"


def focal_name(body: str, section_titles: list[str], lead_names: list[str]) -> tuple[str, str]:
    """The focal point's name and how it was found: named in the plan ("Sở Tài chính - Cơ quan thường trực"),
    or else the unit that leads the most tasks."""
    for text in (*section_titles, *body.splitlines()):
        if found := _FOCAL.search(text):
            return _ASKING.sub("", found["name"].strip()), "văn bản ghi là cơ quan thường trực/đầu mối"
    if lead_names:
        return Counter(lead_names).most_common(1)[0][0], "đoán: đơn vị chủ trì nhiều nhiệm vụ nhất"
    return "", ""

