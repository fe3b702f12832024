"""What a plan's own text says about it: its title, issuer, level, year and focal point.  (pure)

A commune's CCHC plan names itself ("Kế hoạch cải cách hành chính nhà nước xã Nam An Phụ năm 2026"). Other
plans are known by their title lines and the "(Kèm theo Kế hoạch số 980/KH-UBND ngày … của UBND tỉnh Nghệ
An)" line. What the document does not state comes from --commune/--year, and is otherwise said in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plan_data.folding import fold
from plan_data.units.cells import Level

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
# An issuer's line at the top: "ỦY BAN NHÂN DÂN XÃ NAM AN PHỤ", "UBND PHƯỜNG HỒNG BÀNG" (or the place on the next line)
_ISSUER_LINE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s*(?P<level>XÃ|PHƯỜNG|ĐẶC KHU)[ \t]+"
                          r"(?P<name>[^\n\t]{2,60}?)[ ]*(?=\t|$)",
                          re.IGNORECASE | re.MULTILINE)
_CCHC = re.compile(r"cải cách hành chính|\bCCHC\b", re.IGNORECASE)
# "…, ngày 12 tháng 01 năm 2026", "…, ngày    tháng    năm 2026" (a draft), "ngày 12/01/2026"
_DATE_LINE = re.compile(r"ngày[\s\d.…_]*tháng[\s\d.…_]*năm\s*(?P<y>\d{4})|ngày\s+\d{1,2}/\d{1,2}/(?P<y2>\d{4})",
                        re.IGNORECASE)
_NUMBER_YEAR = re.compile(r"Số:?\s*\d*/(?P<y>20\d\d)/", re.IGNORECASE)  # "Số: 12/2026/QĐ-UBND"
_THIS_YEAR = re.compile(r"\bnăm nay\b", re.IGNORECASE)


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
    if commune or (issued := _commune_issuer(text)) is not None:
        level, name, year = ((commune["level"], commune["commune"].strip(), int(commune["year"])) if commune
                             else (*issued, stated_year(text)))
        level = level.lower()
        return About(f"Kế hoạch cải cách hành chính nhà nước {level} {name} năm {year}", name, year, Level.COMMUNE,
                     f"UBND {level} {name}", " ".join(decision["decision"].split()) if decision else _own_number(text),
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
    return About(title, name, _year(title, doc) or stated_year(text), level, issuer, doc,
                 province["name"].strip() if province else "")


def _commune_issuer(text: str) -> tuple[str, str] | None:
    """(level, name) of a commune's CCHC plan whose title does not name the commune ("Kế hoạch cải cách hành
    chính năm 2026") but whose issuer's line at the top does ("ỦY BAN NHÂN DÂN XÃ NAM AN PHỤ")."""
    head = "\n".join(text.splitlines()[:40])
    found = _ISSUER_LINE.search(head)
    if found is None or not _CCHC.search(head):
        return None
    name = " ".join(found["name"].split()).strip(" ,.")
    return found["level"].lower(), name.title() if name.isupper() else name


_OWN_NUMBER = re.compile(r"^\s*Số:?\s*(?P<no>\d+/[\wĐđ]+-[\wĐđ]+)", re.IGNORECASE | re.MULTILINE)
_DAY = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})|ngày\s+(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/"
                  r"(?P<y2>\d{4})", re.IGNORECASE)
_KINDS = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CTr": "Chương trình"}


def _own_number(text: str) -> str:
    """The document's own number and date from its heading ("Số: 15/KH-UBND" … "ngày 06 tháng 01 năm 2026"):
    "Kế hoạch số 15/KH-UBND ngày 06/01/2026"; "" while the number is left blank (a draft)."""
    head = "\n".join(text.splitlines()[:40])
    found = _OWN_NUMBER.search(head)
    if not found:
        return ""
    kind = _KINDS.get(found["no"].split("/")[1].split("-")[0], "Văn bản")
    day = _DAY.search(head[found.end():]) or _DAY.search(head)
    when = ""
    if day:
        d, m, y = (day["d"], day["m"], day["y"]) if day["d"] else (day["d2"], day["m2"], day["y2"])
        when = f" ngày {int(d):02d}/{int(m):02d}/{y}"
    return f"{kind} số {found['no']}{when}"


def stated_year(text: str) -> int | None:
    """The year the document states when its title gives none: the title's own "năm 2026", its date line
    ("…, ngày 05 tháng 01 năm 2026", even with the day left blank), or its number ("Số: 12/2026/QĐ-UBND"). A
    title that says "năm nay" means that year too."""
    head = "\n".join(text.splitlines()[:60])
    title = _title(text)
    if found := re.search(r"năm\s+(20\d\d)\b", title, re.IGNORECASE):
        return int(found[1])
    for pattern in (_DATE_LINE, _NUMBER_YEAR):
        if found := pattern.search(head):
            return int(found["y"] or found.groupdict().get("y2") or 0) or None
    return None


def _title(text: str) -> str:
    """The title lines: from the line that names the document ("KẾ HOẠCH", "QUYẾT ĐỊNH", …) or else the first
    non-empty line, up to "PHỤ LỤC", "(Kèm theo" or an empty line; the issuer's block above is not the title."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines[:60]) if _NAMES_DOCUMENT.match(line.strip())), 0)
    title: list[str] = []
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            if title:
                break
            continue
        if fold(stripped).startswith(("phu luc", "(kem theo", "(ban hanh kem")) or len(title) >= 4:
            break
        title.append(stripped)
    return " ".join(title)[:300]


_NAMES_DOCUMENT = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN)\b")


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
