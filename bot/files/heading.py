"""What the report's heading and signature block say, for the Word report and the workbook alike.

Nghị định 30/2020/NĐ-CP, Phụ lục I: the issuing body top left over its number/sign, the national heading
and motto top right over the place and date; the document type and its summary centred below; "Nơi nhận"
bottom left, the signature block bottom right. The report is a draft: the number and the signer's name
are left for the office to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.files import texts
from plan_data.figures import ReportingPeriod

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
BLANK = " " * 10  # a blank left to fill by hand (a number, a day): as wide everywhere, and marked
# the blanks of a draft: the number before "/BC-UBND" or "/QĐ-UBND", a day before "tháng", a month before "năm",
# and a bracketed placeholder ("[Họ và tên người ký]")
BLANKS = re.compile(r"(?<=Số:)\s*(?=/)|(?<=\bsố)\s*(?=/)|(?<=\bngày)\s+(?=tháng\b)|(?<=\btháng)\s+(?=năm\b)"
                    r"|\[[^\]]*\]", re.IGNORECASE)
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
RECIPIENTS = ("UBND thành phố (Sở Nội vụ);", "Thường trực Đảng ủy, HĐND xã;", "Chủ tịch, các Phó Chủ tịch UBND xã;",
              "Các phòng, ban, đơn vị thuộc UBND xã;", "Lưu: VT, VHXH.")


@dataclass(frozen=True)
class Heading:
    body_above: str  # "ỦY BAN NHÂN DÂN"
    body: str  # "XÃ NAM AN PHỤ"
    number: str  # "Số:      /BC-UBND"
    place_date: str  # "Nam An Phụ, ngày 31 tháng 3 năm 2026"
    kind: str  # "BÁO CÁO"
    summary: str  # "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026"
    cutoff: str  # "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)"
    on_behalf: str  # "TM. ỦY BAN NHÂN DÂN"
    signer: str  # "CHỦ TỊCH"
    signer_name: str  # the placeholder for the name
    recipients: tuple[str, ...] = RECIPIENTS


def fill_in(text: str) -> list[tuple[str, bool]]:
    """The text in parts, True for a blank a person must fill (widened to BLANK when it is only spaces), so
    that every file marks every blank alike: "Quyết định số /QĐ-UBND ngày tháng 01 năm 2026" has two."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for found in BLANKS.finditer(text):
        parts.append((text[at:found.start()], False))
        if found.group().strip():  # a placeholder in brackets, as it is
            parts.append((found.group(), True))
        else:  # spaces, or none: a blank as wide as every other, a space before it, and after it between words
            parts += [(" ", False), (BLANK, True), ("" if text[found.end():].startswith("/") else " ", False)]
        at = found.end()
    parts.append((text[at:], False))
    return [(part, blank) for part, blank in parts if part]


def period_name(period: ReportingPeriod) -> str:
    """quý I năm 2026 · 6 tháng đầu năm 2026 · năm 2026"""
    if period.kind == "quarter":
        return f"quý {ROMAN[period.number or 1]} năm {period.year}"
    if period.kind == "half":
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    return f"năm {period.year}"


def short_period(period: ReportingPeriod) -> str:
    """quý 1/2026 · 6 tháng đầu năm 2026 · năm 2026: the caption's words"""
    return f"quý {period.number}/{period.year}" if period.kind == "quarter" else period_name(period)


def cutoff_line(period: ReportingPeriod) -> str:
    return f"(Số liệu tính từ ngày {texts.day(period.facts.start)} đến ngày {texts.day(period.facts.end)})"


def decree_date(day: date) -> str:
    """ngày 05 tháng 01 năm 2026; ngày 31 tháng 3 năm 2026: a zero before days under 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def commune_level(title: str) -> str:
    found = re.search(r"\b(xã|phường|đặc khu)\b", title or "", re.IGNORECASE)
    return found[1].lower() if found else "xã"


def report_heading(commune: str, plan_title: str, period: ReportingPeriod, today: date) -> Heading:
    level = commune_level(plan_title)
    return Heading(
        body_above="ỦY BAN NHÂN DÂN", body=f"{level} {commune}".upper(), number="Số:        /BC-UBND",
        place_date=f"{commune}, {decree_date(today)}", kind="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {period_name(period)}",
        cutoff=cutoff_line(period), on_behalf="TM. ỦY BAN NHÂN DÂN", signer="CHỦ TỊCH",
        signer_name="[Họ và tên người ký]")


def meeting_heading(commune: str, plan_title: str, day: date) -> Heading:
    """The monthly meeting's agenda (bot.files.meeting): a programme of the commune's People's Committee."""
    level = commune_level(plan_title)
    return Heading(
        body_above="ỦY BAN NHÂN DÂN", body=f"{level} {commune}".upper(), number="Số:        /CTr-UBND",
        place_date=f"{commune}, {decree_date(day)}", kind=texts.MEETING_KIND,
        summary=texts.MEETING_SUMMARY.format(month=day.month, year=day.year), cutoff="", on_behalf="", signer="",
        signer_name="", recipients=())
