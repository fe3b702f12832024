"""The `nhacviec` command as a person runs it: a real process, a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from plan_data.readers.importer import BUNDLED_PLAN, BUNDLED_TEXT
from tests.support.seed import EXPECTED_STORED
from tests.support.seeded import init_copy


def test_init_then_schedule_json_gives_the_seed_table(run) -> None:
    first = run("init")
    assert "Nam An Phụ" in first.stdout and "45 nhiệm vụ" in first.stdout
    assert "giữ nguyên" in run("init").stdout  # a second init keeps what is there
    assert json.loads(run("schedule", "--json").stdout) == EXPECTED_STORED


def test_plan_check_reads_the_seed_text_and_writes_nothing(run, tmp_path: Path) -> None:
    report = json.loads(run("plan", "check", str(BUNDLED_TEXT), "--json").stdout)
    assert report["ok"] and report["commune"] == "Nam An Phụ" and len(report["tasks"]) == 45
    assert not (tmp_path / "cli.db").exists()


def test_a_date_that_does_not_exist_is_never_guessed_and_costs_only_its_task(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    before = {r["task"]: r for r in json.loads(run("schedule", "--json").stdout)}
    lines = BUNDLED_TEXT.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("8\t"))
    lines[index] = lines[index].replace("Tháng 11", "Tháng 13")
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines), encoding="utf-8")
    done = run("plan", "import", str(bad))
    assert f"Dòng {index + 1} (TT 8)" in done.stdout and "Tháng 13" in done.stdout
    after = {r["task"]: r for r in json.loads(run("schedule", "--json").stdout)}
    assert (after["8"]["kind"], after["8"]["due"]) == ("undated", [])
    assert {n: r for n, r in after.items() if n != "8"} == {n: r for n, r in before.items() if n != "8"}


def test_import_of_the_seed_text_over_the_data_file_changes_nothing(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    out = run("plan", "import", str(BUNDLED_TEXT)).stdout
    assert "0 nhiệm vụ mới, 0 cập nhật, 45 giữ nguyên" in out


def test_when_explains_an_expression(run) -> None:
    shown = json.loads(run("when", "Trước ngày 05 của tháng cuối quý", "--year", "2026", "--json").stdout)
    assert shown["kind"] == "recurring" and shown["due"] == ["2026-03-04", "2026-06-04", "2026-09-04", "2026-12-04"]
    unknown = run("when", "hôm nào rảnh", check=False)
    assert unknown.returncode == 1 and "Không hiểu" in unknown.stdout


def test_plan_export_writes_an_editable_data_file(run, tmp_path: Path) -> None:
    out = tmp_path / "xa.yaml"
    run("plan", "export", str(BUNDLED_TEXT), "--out", str(out))
    assert "tt: '17'" in out.read_text(encoding="utf-8")
    assert json.loads(run("plan", "check", str(out), "--json").stdout)["ok"]


def _status(run, task: str) -> dict:
    return next(row for row in json.loads(run("status", "--json").stdout) if row["task"] == task)


def test_console_chat_as_hcc_marks_task_17_done(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    chat = run("run", "--as", "hcc", stdin="xong 17 đã ban hành\nviec\nthoát\n")
    assert "với tư cách Trung tâm Phục vụ hành chính công" in chat.stdout
    assert "NV 17" in chat.stdout and "[↩️ Hoàn tác] gõ: hoàn tác 17" in chat.stdout
    row = _status(run, "17")
    assert row["status"] == "done" and row["progress"] == 100 and " – Trung tâm Phục vụ hành chính công" in row["by"]


def test_console_asks_who_you_are_when_not_told(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    chat = run("run", stdin="ai đó\nkt\nxong 29\n")
    assert "Không có đơn vị «ai đó»" in chat.stdout and "Phòng Kinh tế" in chat.stdout
    assert _status(run, "29")["status"] == "done"


def test_invite_prints_a_code(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    invite = json.loads(run("invite", "hcc", "--json").stdout)
    assert invite["unit"] == "hcc" and len(invite["code"]) == 8
    assert run("invite", "khongco", check=False).returncode == 2


def test_console_answers_summary_and_report_with_files_in_a_named_folder(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    chat = run("run", "--as", "vhxh", stdin="tổng hợp\nbáo cáo quý 1\nlịch\nthoát\n")
    paths = [Path(line.rsplit(": ", 1)[1]) for line in chat.stdout.splitlines() if line.strip().startswith("📎")]
    assert [p.suffix for p in paths] == [".png", ".xlsx", ".docx", ".ics"]  # issue 13: the Word report too
    assert all(p.parent == tmp_path / "var" / "files" and p.stat().st_size > 1000 for p in paths)
    assert "Cả kế hoạch (45 nhiệm vụ)" in chat.stdout


def test_report_and_calendar_from_the_command_line(run, tmp_path: Path, request) -> None:
    import openpyxl
    from icalendar import Calendar

    init_copy(request.getfixturevalue("cli_database"))
    run("report", "--quarter", "1", "--out", "bao-cao-quy-1.xlsx", "--as-of", "2026-03-31")
    book = openpyxl.load_workbook(tmp_path / "bao-cao-quy-1.xlsx")
    assert book.sheetnames == ["Nhiệm vụ", "Tổng hợp"] and "31/03/2026" in book["Nhiệm vụ"]["A2"].value
    run("calendar", "--out", "lich-cchc.ics")
    assert Calendar.from_ical((tmp_path / "lich-cchc.ics").read_bytes()).walk("VEVENT")


def test_one_template_imported_for_several_communes(run, request) -> None:
    from plan_data.readers.importer import BUNDLED_PLAN

    init_copy(request.getfixturevalue("cli_database"))
    assert "45 nhiệm vụ mới" in run("plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão").stdout
    ambiguous = run("schedule", check=False)
    assert ambiguous.returncode == 2 and "An Lão 2026, Nam An Phụ 2026" in ambiguous.stderr
    assert json.loads(run("schedule", "--json", "--commune", "An Lão").stdout) == EXPECTED_STORED
    assert json.loads(run("invite", "thanhpho", "--json", "--commune", "An Lão").stdout)["unit"] == "thanhpho"


def test_a_file_that_is_not_a_plan_is_refused_without_a_traceback(run, tmp_path: Path) -> None:
    (tmp_path / "anh.txt").write_bytes(bytes(range(256)) * 8)
    for args, said in ((["plan", "import", str(tmp_path / "anh.txt")], "Tệp:"),
                       (["plan", "check", str(tmp_path)], "là một thư mục"),
                       (["plan", "import", str(tmp_path / "khong-co.yaml")], "Không tìm thấy tệp")):
        refused = run(*args, check=False)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr and said in refused.stderr
        assert "1 dòng" not in refused.stderr and "1 lỗi ở" not in refused.stderr  # a whole-file problem is one


def test_out_paths_that_cannot_be_written_get_one_sentence(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    for out, said in ((tmp_path / "khong-co" / "q1.xlsx", "thư mục"), (tmp_path, "là một thư mục"),
                      (Path("/dev/full"), "đĩa đã đầy")):
        ics = out.with_suffix(".ics") if out.suffix else out  # a folder, /dev/full: each command's own format
        for command in (["report", "--quarter", "1", "--out", str(out)], ["calendar", "--out", str(ics)],
                        ["chart", "--out", str(out.with_suffix(".png") if out.suffix else out)]):
            refused = run(*command, check=False)
            assert refused.returncode == 1 and "Traceback" not in refused.stderr and said in refused.stderr
    export = run("plan", "export", str(BUNDLED_PLAN), "--out", str(tmp_path / "khong-co" / "x.yaml"), check=False)
    assert export.returncode == 1 and "Traceback" not in export.stderr


def test_a_commune_name_must_be_one_line_of_a_name(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    refused = run("plan", "import", str(BUNDLED_PLAN), "--commune", "x" * 5000, check=False)
    assert refused.returncode == 2 and "tên xã phải là một dòng chữ" in refused.stderr
    run("plan", "import", str(BUNDLED_PLAN), "--commune", "An\nLão")  # the line break is a space, as typed
    assert run("calendar", "--commune", "an lao", "--out", "/dev/null").returncode == 0  # a device keeps .ics
    assert "An Lão 2026" in run("schedule", check=False).stderr  # the name is stored on one line


RAW = ("No such file", "Package not found", "Is a directory", "Errno", "Traceback", "zip")


def test_missing_and_wrong_files_are_said_in_one_vietnamese_sentence(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    (tmp_path / "hong.docx").write_bytes(b"not a zip")
    for args, said in ((["restore", "khong-co.db"], "Không có tệp khong-co.db"),
                       (["restore", str(tmp_path)], "là một thư mục"),
                       (["plan", "check", "khong-co.docx"], "Không tìm thấy tệp khong-co.docx"),
                       (["plan", "check", "khong-co.pdf"], "Không tìm thấy tệp khong-co.pdf"),
                       (["plan", "import", "khong-co.docx"], "Không tìm thấy tệp khong-co.docx"),
                       (["plan", "check", str(tmp_path / "hong.docx")], "không phải văn bản Word"),
                       (["backup", "--out", str(tmp_path)], "là một thư mục")):
        refused = run(*args, check=False)
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
        assert not any(raw in refused.stderr for raw in RAW), refused.stderr

