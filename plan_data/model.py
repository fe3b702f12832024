"""A plan as plain data, the same whatever file it was read from.  (pure)"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from plan_data.folding import clean
from plan_data.grammar.frame import Schedule
from plan_data.units.spec import UnitSpec
from plan_data.zone import VN

SECTIONS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


@dataclass(frozen=True)
class TaskSpec:
    """One task of the plan: an appendix row, a sub-item of one ("24.1"), or a duty the plan's body sets."""

    number: str  # "17", "24.1", "BC-hcc"
    section: str  # "I" … "VII"
    content: str
    lead_text: str  # the cells exactly as the plan writes them
    coordinators_text: str
    time_expression: str
    product: str
    leads: tuple[str, ...]  # unit codes
    coordinators: tuple[str, ...]
    responsible: str  # the commune unit that is reminded and updates it
    schedule: Schedule
    group: str = ""  # for a sub-item, the content of the row it belongs to ("24")
    source: str = "appendix"  # or the paragraph of the plan's body, e.g. "IV.1.c"
    shown: str = ""  # the number the document shows, when the id differs from it ("3" in section II: id "2.3")
    extra: tuple[tuple[str, str], ...] = ()  # columns the plan adds: ("Ghi chú", "…"), ("Kinh phí", "…")

    @property
    def parent(self) -> str | None:
        """The heading row a sub-item belongs to: "24" for "24.1", "II.3" for "II.3.2"."""
        return self.number.rsplit(".", 1)[0] if self.group and "." in self.number else None

    @property
    def undated(self) -> bool:
        """No date could be read from its time cell: it waits for the focal point's «hạn N …»."""
        return self.schedule.kind.value == "undated" and self.schedule.state != "done"


@dataclass(frozen=True)
class RowError:
    """A row the importer could not understand; `row` is the 1-based line (or table row) in the source."""

    row: int
    task: str
    message: str

    def __str__(self) -> str:
        where = (f"Dòng {self.row}" if self.row else "Tệp") + (f" (TT {self.task})" if self.task else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class PlanSpec:
    commune: str
    year: int
    title: str
    units: tuple[UnitSpec, ...]
    tasks: tuple[TaskSpec, ...]
    sections: dict[str, str] = field(default_factory=dict)  # "I" -> its title
    province: str = ""
    timezone: str = VN.key
    decision: str = ""
    require_confirmation: bool = False  # "xong" from a unit waits for the focal point's "duyệt"
    policy: dict[str, Any] = field(default_factory=dict)  # reminder policy (plan_data.policy.Policy fields)
    level: str = "commune"  # who issued it: commune, province or nation (plan_data.units.cells.Level)
    issuer: str = ""  # "UBND tỉnh Nghệ An", as the document names it
    notes: tuple[str, ...] = ()  # what a person should review before importing: guesses, not errors
    warnings: tuple[RowError, ...] = ()  # a row read with something left open (no date, a skipped row), by row
    named: bool = True  # the document states whose plan it is (False: named after the file or --commune)

    def for_commune(self, commune: str) -> PlanSpec:
        """The same plan for another commune: many communes follow one city template."""
        return replace(self, commune=commune, title=self.title.replace(self.commune, commune),
                       decision=self.decision.replace(self.commune, commune))


class PlanError(ValueError):
    """The plan file was refused; nothing was written. Carries every row error found."""

    def __init__(self, errors: list[RowError] | tuple[RowError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# What the database holds (storage.models); a test keeps these equal to its column sizes.
LIMITS = {"commune": 200, "province": 200, "unit_code": 32, "unit_name": 200, "number": 32, "section": 8,
          "source": 16, "label": 64}


def _cleaned(value: Any) -> Any:
    """Every text inside a plan as a database and an office file can hold it (plan_data.folding.clean): a NUL
    or a control character in a cell of a .txt, .docx or .pdf would pass SQLite and stop PostgreSQL."""
    if type(value) is str:  # not an enum's value, which is a str too and stays what it is
        return clean(value)
    if isinstance(value, tuple | list):
        return type(value)(_cleaned(v) for v in value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _cleaned(getattr(value, f.name)) for f in fields(value) if f.init})
    return value


def check_for_storage(spec: PlanSpec) -> PlanSpec:
    """The plan, its texts cleaned, or PlanError with everything the database would refuse on import: a
    number used twice, a code used twice, a unit a task names that the plan lacks, a value longer than its
    column."""
    spec = _cleaned(spec)
    errors: list[RowError] = []
    for field_name, value in (("commune", spec.commune), ("province", spec.province)):
        if len(value) > LIMITS[field_name]:
            errors.append(RowError(0, "", f"«{value[:40]}…» dài quá {LIMITS[field_name]} ký tự"))
    codes: set[str] = set()
    for unit in spec.units:
        if unit.code in codes:
            errors.append(RowError(0, "", f"mã đơn vị «{unit.code}» bị trùng"))
        codes.add(unit.code)
        if len(unit.code) > LIMITS["unit_code"] or len(unit.name) > LIMITS["unit_name"]:
            errors.append(RowError(0, "", f"đơn vị «{unit.name[:40]}»: mã hoặc tên quá dài"))
    numbers: set[str] = set()
    for task in spec.tasks:
        if task.number in numbers:
            errors.append(RowError(0, task.number, f"số thứ tự «{task.number}» bị trùng: mỗi nhiệm vụ cần một số riêng"))
        numbers.add(task.number)
        errors += _task_limits(task, codes)
    if errors:
        raise PlanError(errors)
    return spec


def _task_limits(task: TaskSpec, codes: set[str]) -> list[RowError]:
    errors = []
    for field_name, value in (("number", task.number), ("section", task.section), ("source", task.source)):
        if len(value) > LIMITS[field_name]:
            errors.append(RowError(0, task.number[:32], f"«{value}» dài quá {LIMITS[field_name]} ký tự"))
    for code in (*task.leads, *task.coordinators, task.responsible):
        if code not in codes:
            errors.append(RowError(0, task.number, f"đơn vị «{code}» không có trong danh sách đơn vị"))
    if any(len(o.label) > LIMITS["label"] for o in task.schedule.occurrences):
        errors.append(RowError(0, task.number, "nhãn kỳ hạn dài quá 64 ký tự"))
    return errors
