"""The files a person asks the `nhacviec` command (and the console chat) for: each in the format its name says,
each named by its commune and period, so that a second commune's never takes the place of the first's."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from docx import Document
from PIL import Image

from plan_data.readers.importer import BUNDLED_PLAN
from tests.support.seeded import init_copy


def test_the_report_is_written_in_the_format_its_name_says(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    word = run("report", "--quarter", "1", "--as-of", "31/03/2026", "--out", "q1.docx")
    paragraphs = [p.text for p in Document(str(tmp_path / "q1.docx")).paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in paragraphs
    assert "Word" in word.stdout and "Excel" not in word.stdout and not (tmp_path / "q1.xlsx").exists()
    run("report", "--quarter", "1", "--out", "Q1-BANG.XLSX")
    assert openpyxl.load_workbook(tmp_path / "Q1-BANG.XLSX").sheetnames == ["Nhiệm vụ", "Tổng hợp"]
    run("report", "--quarter", "1", "--out", "bang.xlsx", "--docx")  # the Word report beside the workbook
    assert zipfile.is_zipfile(tmp_path / "bang.docx") and "word/document.xml" in zipfile.ZipFile(
        tmp_path / "bang.docx").namelist()


def test_a_format_the_command_cannot_write_is_refused_in_one_sentence(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    for command, out, formats in ((["report", "--quarter", "1"], "q1.pdf", ".xlsx (bảng tính) hoặc .docx"),
                                  (["report"], "bao-cao", ".docx (văn bản Word)"),
                                  (["calendar"], "lich.docx", ".ics (lịch)"),
                                  (["chart"], "tien-do.jpg", ".png (ảnh)")):
        refused = run(*command, "--out", out, check=False)
        assert refused.returncode == 2 and refused.stdout == "", refused.stdout
        assert refused.stderr.count("\n") == 1 and f"«{out}»" in refused.stderr and formats in refused.stderr
        assert not (tmp_path / out).exists()


def test_files_are_named_by_commune_and_period_and_never_overwrite_another(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    run("plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão")
    for commune in ("Nam An Phụ", "An Lão"):
        for command in (["report", "--quarter", "2"], ["calendar"], ["chart"]):
            run(*command, "--commune", commune)
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".xlsx", ".ics", ".png"))
    assert [n for n in written if n.startswith("bao-cao")] == [
        "bao-cao-cchc-an-lao-q2-2026.docx", "bao-cao-cchc-an-lao-q2-2026.xlsx",
        "bao-cao-cchc-nam-an-phu-q2-2026.docx", "bao-cao-cchc-nam-an-phu-q2-2026.xlsx"]
    assert {"lich-cchc-an-lao-2026.ics", "lich-cchc-nam-an-phu-2026.ics"} <= set(written)
    charts = [n for n in written if n.endswith(".png")]
    assert len(charts) == 2 and charts[0].startswith("tien-do-cchc-an-lao-")
    chart = Image.open(tmp_path / charts[1])
    assert chart.width == 1080 and chart.height >= 1440  # the whole plan's: as tall as its rows need
    heading = Document(str(tmp_path / "bao-cao-cchc-an-lao-q2-2026.docx")).tables[0].rows[0].cells[0].text
    assert "XÃ AN LÃO" in heading  # the file of that name is that commune's


def test_the_console_keeps_each_communes_files(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    run("plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão")
    for commune in ("Nam An Phụ", "An Lão"):
        chat = run("run", "--as", "vhxh", "--commune", commune, stdin="báo cáo quý 2\ntổng hợp\nthoát\n")
        assert chat.stdout.count("📎") == 3
    names = sorted(p.name for p in (tmp_path / "var" / "files").iterdir())
    assert len(names) == 6 and sum("an-lao" in n for n in names) == 3, names
