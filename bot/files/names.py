"""Every file's name and format, for the chat and the command line alike.  (pure)

A name says whose file it is and what it covers, so that two communes' Q2 reports (or charts, or calendars)
put in one folder never overwrite each other: `bao-cao-cchc-nam-an-phu-q2-2026.docx`. Names are plain
ASCII (a-z, 0-9, "-"): Zalo's file links and every mail client take them as they are.

The format of a file a command writes follows the suffix of the name it is given (`--out q1.docx` is the
Word report); a suffix the command cannot write is refused, with the ones it can.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from plan_data.figures import ReportingPeriod
from plan_data.folding import fold

# what each kind of file is called, and the formats it can be written in (the first is the default)
STEMS = {"report": "bao-cao-cchc", "chart": "tien-do-cchc", "calendar": "lich-cchc", "city": "bao-cao-cchc-cac-xa",
         "meeting": "giao-ban-cchc"}
FORMATS = {"report": (".xlsx", ".docx"), "chart": (".png",), "calendar": (".ics",), "city": (".xlsx",),
           "meeting": (".docx",),
           "plan": (".yaml", ".yml")}
PLACE_CHARS = 60  # a commune's name may be long; a link's file name is at most 121 characters


def slug(text: str) -> str:
    """"Nam An Phụ" -> "nam-an-phu": folded, every run of other characters one "-"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def period_part(period: ReportingPeriod) -> str:
    """q1-2026 · 6-thang-dau-2026 · 6-thang-cuoi-2026 · nam-2026"""
    if period.kind == "quarter":
        return f"q{period.number}-{period.year}"
    if period.kind == "half":
        return f"6-thang-{'dau' if period.number == 1 else 'cuoi'}-{period.year}"
    return f"nam-{period.year}"


def file_name(kind: str, place: str, covers: str, suffix: str, unit: str = "") -> str:
    """The one name maker: what the file is, whose (the commune or province, and a unit's own file), what it
    covers (a period, a day, a year), and its format."""
    if suffix not in FORMATS[kind]:
        raise ValueError(f"a {kind} is not written as {suffix}")
    whose = slug(place)[:PLACE_CHARS].strip("-") or "ke-hoach"
    return "-".join(part for part in (STEMS[kind], whose, slug(unit), covers) if part) + suffix


def report_name(commune: str, period: ReportingPeriod, suffix: str) -> str:
    return file_name("report", commune, period_part(period), suffix)


def chart_name(commune: str, as_of: date, unit: str = "") -> str:
    return file_name("chart", commune, f"{as_of:%Y%m%d}", ".png", unit)


def calendar_name(commune: str, year: int, unit: str = "") -> str:
    return file_name("calendar", commune, str(year), ".ics", unit)


def meeting_name(commune: str, day: date) -> str:
    return file_name("meeting", commune, f"{day:%Y%m%d}", ".docx")


def city_name(province: str, as_of: date) -> str:
    return file_name("city", province, f"{as_of:%Y%m%d}", ".xlsx")


def chosen_format(kind: str, out: Path) -> str | None:
    """The format `out` asks for: its suffix, when the command writes it. A name with no suffix that is not a
    file (a folder, which the writer refuses by name; /dev/stdout, /dev/null) takes the default. None: refused."""
    formats = FORMATS[kind]
    suffix = out.suffix.lower()
    if suffix in formats:
        return suffix
    if not suffix and out.exists() and not out.is_file():
        return formats[0]
    return None
