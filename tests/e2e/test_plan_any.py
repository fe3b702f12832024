"""`nhacviec plan check / export / import` as an officer runs them on published plans of every shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.composed_plans import (
    MERGED,
    NO_SECTIONS,
    PROSE,
    RESTARTING,
    SHAPES,
    write_docx,
    write_pdf,
    write_text,
)
from tests.support.seeded import init_copy


@pytest.mark.parametrize("plan", [RESTARTING, MERGED, NO_SECTIONS, PROSE], ids=lambda p: p.name)
def test_plan_check_reads_each_shape_and_shows_its_units(run, tmp_path: Path, plan) -> None:
    path = write_text(plan, tmp_path / f"{plan.name}.txt")
    shown = run("plan", "check", str(path))
    assert f"{plan.tasks} nhiệm vụ" in shown.stdout and "Bảng đơn vị" in shown.stdout
    report = json.loads(run("plan", "check", str(path), "--json").stdout)
    names = {u["code"]: u["name"] for u in report["units"]}
    assert [names[t["leads"][0]] if t["leads"] else None for t in report["tasks"]] == plan.leads
    assert not (tmp_path / "cli.db").exists()


@pytest.mark.parametrize("writer", [write_text, write_docx, write_pdf], ids=["txt", "docx", "pdf"])
def test_import_then_schedule_json_works_for_every_form(run, tmp_path: Path, writer) -> None:
    path = writer(RESTARTING, tmp_path / f"plan.{writer.__name__.split('_')[1]}")
    out = run("plan", "import", str(path)).stdout
    assert "5 nhiệm vụ mới" in out
    rows = json.loads(run("schedule", "--json", "--commune", "tỉnh Bắc Sơn").stdout)
    assert [r["task"] for r in rows] == ["I.1", "I.2", "II.1", "II.2", "II.3"]  # numbers restart: section first


def test_every_composed_shape_imports(run, tmp_path: Path) -> None:
    for plan in SHAPES:
        path = write_text(plan, tmp_path / f"{plan.name}.txt")
        run("plan", "import", str(path), "--commune", plan.name, "--accept-units")  # their bodies are not catalogued
        assert len(json.loads(run("schedule", "--json", "--commune", plan.name).stdout)) == plan.tasks


def test_officer_flow_check_export_review_units_import(run, tmp_path: Path) -> None:
    """A published .docx: check, export the data file, rename a unit code, import the reviewed file."""
    source = write_docx(RESTARTING, tmp_path / "ke-hoach.docx")
    run("plan", "check", str(source))
    data = tmp_path / "ke-hoach.yaml"
    run("plan", "export", str(source), "--out", str(data))
    text = data.read_text(encoding="utf-8")
    assert "# Xem lại:" in text and "code: skhcn" in text
    data.write_text(text.replace("code: skhcn", "code: khcn"), encoding="utf-8")
    run("plan", "import", str(data))
    leads = {r["task"]: r["lead"] for r in json.loads(run("schedule", "--json", "--commune", "tỉnh Bắc Sơn").stdout)}
    assert leads["I.1"] == "khcn"


def test_a_units_file_pins_the_codes(run, tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text("units:\n  - {code: khcn, name: Sở Khoa học và Công nghệ, focal: true}\n", encoding="utf-8")
    report = json.loads(run("plan", "check", str(write_text(RESTARTING, tmp_path / "p.txt")), "--units", str(units),
                            "--json").stdout)
    assert report["tasks"][0]["lead"] == "khcn"
    assert next(u for u in report["units"] if u["code"] == "khcn")["focal"]


def test_open_points_never_cost_the_plan_and_are_named_in_check_and_import(run, tmp_path: Path) -> None:
    """A phrase nobody can read and a lead left empty: both commands say which rows, and the plan imports
    with those tasks undated or with the focal point, not refused for two cells."""
    lines = write_text(RESTARTING, tmp_path / "p.txt").read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace("Hằng năm", "hôm nào rảnh")
    lines[-2] = lines[-2].replace("Công an tỉnh", "")
    plan = tmp_path / "open.txt"
    plan.write_text("\n".join(lines), encoding="utf-8")
    checked = run("plan", "check", str(plan))
    assert "Cần xem lại 2 dòng" in checked.stdout and "hôm nào rảnh" in checked.stdout
    assert "không ghi cơ quan chủ trì" in checked.stdout and "chưa rõ thời hạn (II.3)" in checked.stdout
    imported = run("plan", "import", str(plan))
    assert "5 nhiệm vụ mới" in imported.stdout and "hôm nào rảnh" in imported.stdout
    rows = {r["task"]: r for r in json.loads(run("schedule", "--json", "--commune", "tỉnh Bắc Sơn").stdout)}
    assert (rows["II.3"]["kind"], rows["II.3"]["due"]) == ("undated", [])


def test_a_refused_file_names_its_problem_and_changes_nothing(run, tmp_path: Path, cli_database: str) -> None:
    init_copy(cli_database)  # what `nhacviec init` makes, copied
    before = run("schedule", "--json").stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("KẾ HOẠCH NĂM 2026\n\nMột văn bản không có bảng nhiệm vụ nào.\n", encoding="utf-8")
    for command in ("check", "import"):
        refused = run("plan", command, str(bad), check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "không thấy bảng nhiệm vụ" in refused.stderr
    assert run("schedule", "--json").stdout == before


def test_units_nobody_knows_need_accept_units(run, tmp_path: Path) -> None:
    from plan_data.readers.importer import BUNDLED_TEXT

    plan = tmp_path / "new.txt"
    plan.write_text(BUNDLED_TEXT.read_text(encoding="utf-8").replace("\tPhòng Kinh tế xã\t", "\tPhòng Kinh doanh\t", 1),
                    encoding="utf-8")
    report = json.loads(run("plan", "check", str(plan), "--json").stdout)
    [proposed] = [u for u in report["units"] if u["proposed"]]
    refused = run("plan", "import", str(plan), check=False)
    assert refused.returncode == 1 and "--accept-units" in refused.stderr and "Phòng Kinh doanh" in refused.stderr
    run("plan", "import", str(plan), "--accept-units")
    leads = {r["lead"] for r in json.loads(run("schedule", "--json").stdout)}
    assert proposed["code"] in leads


def test_a_scanned_pdf_is_refused_in_a_sentence(run, tmp_path: Path) -> None:
    from tests.support.composed_plans import write_scan

    refused = run("plan", "check", str(write_scan(tmp_path / "scan.pdf")), check=False)
    assert refused.returncode == 1 and "không có lớp chữ" in refused.stderr and "dòng không đọc" not in refused.stderr
