"""Plans composed at random from the parts published plans are made of (tests.support.plan_generator), each
written as text, .docx or .pdf, read, and loaded into SQLite: every task's number, lead and schedule must be
what the parts say. A reader is general when hundreds of composed plans pass, not when one corpus does. And the
commune's own plan, saved as a PDF, reads as its data file."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, selectinload

from plan_data.readers.importer import read_plan
from plan_data.units.spec import name_key
from plan_data.zone import VN
from storage.loader import load_plan
from storage.models import Base, Task
from tests.support.composed_plans import Composed, read_facts, write_pdf
from tests.support.plan_generator import WRITERS, Expected, GeneratedPlan, Row, generate

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=VN)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory):
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('generated') / 'plans.db'}")
    Base.metadata.create_all(engine)
    yield engine, count(1)
    engine.dispose()


def _read(plan: GeneratedPlan, form: str):
    with tempfile.TemporaryDirectory() as folder:
        return read_plan(WRITERS[form](plan, Path(folder) / f"plan.{form}"))


def _facts(plan: GeneratedPlan) -> list[tuple]:
    return [(e.number, name_key(e.lead) if e.lead else None, e.kind, e.due) for e in plan.expected]


def _read_facts(spec) -> list[tuple]:
    names = {u.code: u.name for u in spec.units}
    return [(t.number, name_key(names[t.leads[0]]) if t.leads else None, t.schedule.kind.value,
             [d.isoformat() for d in t.schedule.due]) for t in spec.tasks if t.source == "appendix"]


def _stored_facts(session: Session, plan_id: int, spec) -> list[tuple]:
    """The tasks as stored; an ongoing task with the plan's own end (its schedule's due), its quarters checked
    apart (_check_quarters)."""
    tasks = session.scalars(select(Task).where(Task.plan_id == plan_id, Task.source == "appendix")
                            .options(selectinload(Task.occurrences)).order_by(Task.position))
    names = {u.code: u.name for u in spec.units}
    read = {t.number: t for t in spec.tasks}
    facts = []
    for t in tasks:
        dues = [o.due for o in t.occurrences if o.due]
        if t.kind == "ongoing":
            _check_quarters(t, dues, read[t.number].schedule.due, spec.year)
            dues = list(read[t.number].schedule.due)
        facts.append((t.number, name_key(names[t.leads[0]]) if t.leads else None, t.kind,
                      [d.isoformat() for d in dues]))
    return facts


def _check_quarters(task: Task, dues: list, end: tuple, year: int) -> None:
    """An ongoing task is reported each quarter it runs in: a part a quarter, labelled, due within it, in
    order, none after the task's own end."""
    labels = [o.label for o in task.occurrences]
    assert labels and all(label.startswith("Quý ") and label.endswith(f"/{year}") for label in labels), labels
    assert len(dues) == len(labels) and dues == sorted(dues), dues
    for due in dues:
        assert due.year == year and (not end or due <= end[-1]), (dues, end)
    quarters = [(d.month - 1) // 3 for d in dues]
    assert quarters == sorted(set(quarters)), dues  # one a quarter


# 200 examples in all, text drawn most as it is the cheapest to write; one test a form, so that the suite's
# workers share them
EXAMPLES = {"txt": 80, "docx": 80, "pdf": 40}


@pytest.mark.parametrize("form", EXAMPLES)
def test_every_composed_plan_reads_and_loads_as_composed(form: str, database) -> None:
    engine, numbers = database

    @settings(max_examples=EXAMPLES[form], deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def reads_and_loads(data: st.DataObject) -> None:
        plan = generate(lambda options: data.draw(st.sampled_from(list(options))))
        spec = _read(plan, form)
        assert spec.year == plan.year and (spec.level == "commune") == plan.commune
        assert _read_facts(spec) == _facts(plan)
        focal = next(u for u in spec.units if u.focal)
        assert all(t.responsible == focal.code for t in spec.tasks if not t.leads and not t.coordinators)
        spec = replace(spec, commune=f"Kế hoạch {next(numbers)}",
                       units=tuple(replace(u, proposed=False) for u in spec.units))  # as --accept-units does
        with Session(engine) as session, session.begin():
            plan_id = load_plan(session, spec, NOW).plan_id
            assert _stored_facts(session, plan_id, spec) == _facts(plan)

    reads_and_loads()


@pytest.mark.parametrize("seed", range(12))
def test_one_composed_plan_reads_the_same_in_every_form(seed: int) -> None:
    import random

    chooser = random.Random(seed)
    plan = generate(lambda options: chooser.choice(list(options)))
    readings = {form: _read_facts(_read(plan, form)) for form in ("txt", "docx", "pdf")}
    assert readings["txt"] == readings["docx"] == readings["pdf"] == _facts(plan)


def test_a_plan_whose_wrapped_header_stands_alone_above_its_first_heading_reads_as_composed() -> None:
    """A plan the generator once composed that read wrong as a PDF: no TT column, «Cơ quan chủ» over «trì», the
    first section's heading a line between two tables (the first holding only the header). The header printed
    again was read as task 1 («Nội dung», lead «Cơ quan chủ trì») and the two tasks as 2 and 3."""
    plan = GeneratedPlan(
        ["ỦY BAN NHÂN DÂN", "XÃ AN HÒA", "", "An Hòa, ngày 05 tháng 01 năm 2026", "", "KẾ HOẠCH",
         "Cải cách hành chính nhà nước năm 2026", ""],
        [["Cơ quan chủ", "Nội dung", "THỜI GIAN"], ["trì", "", ""]],
        [Row("line", title="I. Cải cách thể chế", section_form="line"),
         Row("task", ["Phòng Văn hóa - Xã hội", "Rà soát quy trình nội bộ", "Trước ngày 20/12/2026"]),
         Row("task", ["Văn phòng HĐND và UBND; Phòng Văn hoá – Xã hội xã", "Đánh giá mức độ hài lòng năm 2026",
                      "tùy tình hình"])],
        [Expected("1", "Phòng Văn hóa - Xã hội", "deadline", ["2026-12-19"]),
         Expected("2", "Văn phòng HĐND và UBND xã", "undated", [])],
        2026, True, 3)
    for form in WRITERS:
        assert _read_facts(_read(plan, form)) == _facts(plan), form


def test_the_seed_as_a_pdf_reads_like_its_data_file(tmp_path: Path) -> None:
    """The commune's own plan saved as a PDF: the appendix from its ruled table, the body's duties from its
    text layer, whose lines the PDF wrapped."""
    from plan_data.readers.importer import BUNDLED_PLAN, BUNDLED_TEXT

    lines = BUNDLED_TEXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TT\t"))
    table = [(line.split("\t") + [""] * 6)[:6] for line in lines[start:] if "\t" in line]
    pdf = write_pdf(Composed("seed", [table[0]], table[1:], [], [], title=lines[:start]), tmp_path / "seed.pdf")
    assert read_facts(read_plan(pdf)) == read_facts(read_plan(BUNDLED_PLAN))
