"""A plan as plain data, the same whatever file it was read from.  (pure)"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from plan_data.timeframe import Schedule
from plan_data.units import UnitSpec
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

    @property
    def parent(self) -> str | None:
        return self.number.split(".")[0] if "." in self.number else None


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
    policy: dict[str, Any] = field(default_factory=dict)  # reminder policy (jobs.policy.Policy fields)

    def for_commune(self, commune: str) -> PlanSpec:
        """The same plan for another commune: many communes follow one city template."""
        return replace(self, commune=commune, title=self.title.replace(self.commune, commune),
                       decision=self.decision.replace(self.commune, commune))


@dataclass(frozen=True)
class RowError:
    """A row the importer could not understand; `row` is the 1-based line (or table row) in the source."""

    row: int
    task: str
    message: str

    def __str__(self) -> str:
        where = (f"Dòng {self.row}" if self.row else "Tệp") + (f" (TT {self.task})" if self.task else "")
        return f"{where}: {self.message}"


class PlanError(ValueError):
    """The plan file was refused; nothing was written. Carries every row error found."""

    def __init__(self, errors: list[RowError] | tuple[RowError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
