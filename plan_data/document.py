"""What a plan's own text says about it: its title, issuer, level, year and focal point.  (pure)

A commune's CCHC plan names itself ("Kế hoạch cải cách hành chính nhà nước xã Nam An Phụ năm 2026"). Other
plans are known by their title lines and the "(Kèm theo Kế hoạch số 980/KH-UBND ngày … của UBND tỉnh Nghệ
An)" line. What the document does not state comes from --commune/--year, and is otherwise said in the notes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from plan_data.text import fold
from plan_data.unitnames import Level

COMMUNE_TITLE = re.compile(
    r"Kế hoạch\W+cải cách hành chính(?:\s+nhà nước)?\s+(?P<level>xã|phường|đặc khu)\s+(?P<commune>[^\n*]+?)"
    r"\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
PROVINCE = re.compile(r"Ủy ban nhân dân (?:thành phố|tỉnh) (?P<name>(?:[A-ZĐÂ]\w*\s?){1,3})")
DECISION = re.compile(r"\(Kèm theo (?P<decision>Quyết định số[^)]*)\)", re.IGNORECASE)
_ATTACHED = re.compile(r"\((?:Ban hành )?[Kk]èm theo (?P<doc>[^)]*)\)")
_DOC_NUMBER = re.compile(r"số:?\s*(?P<no>\d+/[\wĐđ-]+)")
_ISSUER = re.compile(r"\bcủa (?P<who>[^)]+?)\s*$")
_PERIOD = re.compile(r"giai đoạn\s+(?P<y>20\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_FOCAL = re.compile(r"(?P<name>[^\n,.;:()\-–]{3,80}?)\s*[-–(,]\s*(?:là\s+)?(?:cơ quan thường trực|cơ quan đầu mối|đầu mối)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class About:
    title: str
    name: str  # the plan's short name: the commune, the issuer's place, or the document's number
    year: int | None
    level: Level
    issuer: str = ""
    decision: str = ""
    province: str = ""
    commune_plan: bool = False


def about(body: str) -> About:
    """The plan as its body describes it; name and year may be missing ("" / None)."""
    text = body.replace("*", " ")
    commune = COMMUNE_TITLE.search(text)
    province = PROVINCE.search(body)
    decision = DECISION.search(body)
    if commune:
        name = commune["commune"].strip()
        return About(f"Kế hoạch cải cách hành chính nhà nước {commune['level']} {name} năm {commune['year']}", name,
                     int(commune["year"]), Level.COMMUNE, f"UBND {commune['level']} {name}",
                     " ".join(decision["decision"].split()) if decision else "",
                     province["name"].strip() if province else "", True)
    attached = _ATTACHED.search(text)
    doc = " ".join(attached["doc"].split()) if attached else ""
    issuer_match = _ISSUER.search(doc)
    issuer = issuer_match["who"].strip() if issuer_match else ""
    title = _title(text)
    number = _DOC_NUMBER.search(doc)
    place = _place(issuer)
    name = place or (f"{doc.split(' số')[0].strip()} {number['no']}" if number else "")
    level = _level(issuer, title) if issuer or re.search(r"\b(?:tinh|thanh pho)\b", fold(title)) else Level.NATION
    return About(title, name, _year(title, doc), level, issuer, doc, province["name"].strip() if province else "")


def _title(text: str) -> str:
    """The title lines: from the first non-empty line up to "PHỤ LỤC", "(Kèm theo" or an empty line."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            if lines:
                break
            continue
        if fold(stripped).startswith(("phu luc", "(kem theo", "(ban hanh kem")) or len(lines) >= 4:
            break
        lines.append(stripped)
    return " ".join(lines)[:300]


def _year(title: str, doc: str) -> int | None:
    if period := _PERIOD.search(title):
        return int(period["y"])
    years = _YEAR.findall(doc) or _YEAR.findall(title)  # the year it was signed, else one its title names
    return int(years[-1] if _YEAR.findall(doc) else years[0]) if years else None


def _level(issuer: str, title: str) -> Level:
    """Who issued it decides who is outside it. A document that names no issuer is read as the top level: no
    unit is outside it, and a person marks the outside ones in the data file."""
    folded = fold(issuer)
    if re.search(r"thu tuong|chinh phu|^bo ", folded):
        return Level.NATION
    if re.search(r"\b(?:xa|phuong|dac khu)\b", folded) and not re.search(r"tinh|thanh pho", folded):
        return Level.COMMUNE
    return Level.PROVINCE


def _place(issuer: str) -> str:
    """ "UBND tỉnh Nghệ An" -> "tỉnh Nghệ An"; "" when the issuer names no place ("Ủy ban nhân dân tỉnh")."""
    found = re.search(r"(?P<p>(?:tỉnh|thành phố|Thành phố|xã|phường|đặc khu)\s+(?:[A-ZĐÂ][\wÀ-ỹ]*\s?){1,4})", issuer)
    return found["p"].strip() if found else ""


def focal_name(body: str, section_titles: list[str], lead_names: list[str]) -> tuple[str, str]:
    """The focal point's name and how it was found: named in the plan ("Sở Tài chính - Cơ quan thường trực"),
    or else the unit that leads the most tasks."""
    for text in (*section_titles, *body.splitlines()):
        if found := _FOCAL.search(text):
            return found["name"].strip(), "văn bản ghi là cơ quan thường trực/đầu mối"
    if lead_names:
        return Counter(lead_names).most_common(1)[0][0], "đoán: đơn vị chủ trì nhiều nhiệm vụ nhất"
    return "", ""
