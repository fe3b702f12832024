"""Duties the plan's body sets outside the appendix, found in its prose.  (pure)

Every commune's CCHC plan follows the city's template, whose part IV sets three recurring duties:
- IV.1.c: each unit reports to UBND xã through the focal point before the 5th of the last month of each
  quarter (the Q2 report is the 6-month one) and sends its annual report before a fixed date;
- IV.1.a: each unit makes its own CCHC plan for the year;
- IV.2.c: Phòng Kinh tế submits the CCHC budget for approval in a given quarter.
The focal point is left out of the first two: it compiles the commune's report (appendix task 3) and
its plan is the commune's own (task 1).
"""

from __future__ import annotations

import re

from plan_data.model import TaskSpec
from plan_data.readers.rows import RawItem
from plan_data.readers.tasks import RowProblem, build_task
from plan_data.units.spec import UnitDirectory, UnitNotFound

_REPORT = re.compile(
    r"báo cáo Quý, báo cáo 6 tháng gửi (?P<quarterly>trước ngày \d{1,2} tháng cuối của quý), "
    r"báo cáo năm gửi (?P<annual>trước ngày \d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_UNIT_PLAN = re.compile(r"xây dựng Kế hoạch cải cách hành chính năm (?P<year>\d{4}) của cơ quan, đơn vị", re.IGNORECASE)
_BUDGET = re.compile(
    r"phê duyệt kinh phí thực hiện nhiệm vụ cải cách hành chính năm \d{4} của xã.*?(?P<when>[Qq]uý [IV\d]+/\d{4})"
)
_UNIT_HEADING = re.compile(r"^[a-hđ]\)\s*(?P<name>[^:]+):\s*$")


def body_duties(text: str, directory: UnitDirectory, year: int) -> tuple[list[TaskSpec], list[str]]:
    """The body's duties as tasks, and a note for each template duty the text does not contain."""
    text = _paragraphs(text.replace("*", ""))
    reporters = [u for u in directory.internal() if not u.focal]
    focal = directory.focal()
    focal_name = focal.name if focal else ""
    tasks: list[TaskSpec] = []
    missing: list[str] = []
    if report := _REPORT.search(text):
        when = f"{_cap(report['quarterly'])}; báo cáo năm {report['annual']}"
        content = ("Báo cáo kết quả thực hiện công tác cải cách hành chính định kỳ (báo cáo quý, "
                   f"báo cáo 6 tháng, báo cáo năm) gửi UBND xã qua {focal_name}")
        tasks += [_duty(f"BC-{u.code}", content, u.name, focal_name, when, "Báo cáo", "IV.1.c", directory, year)
                  for u in reporters]
    else:
        missing.append("IV.1.c: không thấy hạn gửi báo cáo quý, 6 tháng và năm")
    if plan := _UNIT_PLAN.search(text):
        content = f"Xây dựng Kế hoạch cải cách hành chính năm {plan['year']} của cơ quan, đơn vị"
        when = f"Sau khi UBND xã ban hành Kế hoạch cải cách hành chính năm {plan['year']}"
        tasks += [_duty(f"KH-{u.code}", content, u.name, focal_name, when, "Kế hoạch", "IV.1.a", directory, year)
                  for u in reporters]
    else:
        missing.append("IV.1.a: không thấy yêu cầu các đơn vị xây dựng kế hoạch CCHC")
    budget = _budget(text, directory, year)
    if budget:
        tasks.append(budget)
    else:
        missing.append("IV.2.c: không thấy hạn trình phê duyệt kinh phí CCHC")
    return tasks, missing


def _budget(text: str, directory: UnitDirectory, year: int) -> TaskSpec | None:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        found = _BUDGET.search(line)
        if not found:
            continue
        owner = _heading_above(lines[:index], directory)
        if owner is None:
            return None
        content = f"Trình Ủy ban nhân dân xã phê duyệt kinh phí thực hiện nhiệm vụ cải cách hành chính năm {year} của xã"
        return _duty(f"KP-{owner}", content, directory.get(owner).name, "Các phòng ban liên quan",
                     _cap(found["when"]), "Quyết định phê duyệt kinh phí", "IV.2.c", directory, year)
    return None


def _heading_above(lines: list[str], directory: UnitDirectory) -> str | None:
    """The unit whose paragraph ("c) Phòng Kinh tế xã:") a line sits in."""
    for line in reversed(lines):
        if heading := _UNIT_HEADING.match(line.strip()):
            try:
                return directory.find(heading["name"]).code
            except UnitNotFound:
                return None
    return None


def _duty(number, content, lead, coordinators, when, product, source, directory, year) -> TaskSpec:
    raw = RawItem(0, number, "VI" if number.startswith("KP") else "I", [content, lead, coordinators, when, product])
    try:
        return build_task(raw, directory, year, source=source, strict=True).task
    except RowProblem as problem:  # the template's own wording always parses; say so loudly if it stops
        raise AssertionError(f"{number}: {problem}") from None


def _paragraphs(text: str) -> str:
    """Lines a PDF wrapped joined back into their paragraphs: a line that does not end a sentence, a heading
    or a list item goes on in the next one. Text already in paragraphs is unchanged."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if out and out[-1] and stripped and not re.search(r"[.:;!?)\]”\"]$", out[-1]) and not re.match(
                r"^(?:[a-zđ]\)|\d+(?:\.\d+)*\.|[IVX]+\.|[-+•])\s", stripped):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return "\n".join(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
