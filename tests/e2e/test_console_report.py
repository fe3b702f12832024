"""On a fresh database, the console's «báo cáo quý 1» on 31/03/2026 writes the Word report and the workbook
to var/files/ and prints their paths; `nhacviec report --docx` does the same from the command line. The
command runs in-process here, so that the clock can be the one of 31/03/2026."""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
from docx import Document

from bot.cli.main import main
from tests.conftest import VN

QUARTER_END = datetime(2026, 3, 31, 16, 0, tzinfo=VN)


def test_console_report_on_31_march_writes_the_docx_and_the_xlsx(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'nhacviec.db'}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    monkeypatch.setenv("ZALO_BOT_TOKEN", "")
    monkeypatch.setenv("NHACVIEC_FILES_DIR", str(tmp_path / "var" / "files"))  # the clone's var/files
    (tmp_path / "var").mkdir()
    assert main(["init"], clock=lambda: QUARTER_END) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("báo cáo quý 1\nthoát\n"))
    capsys.readouterr()
    assert main(["run", "--as", "vhxh"], clock=lambda: QUARTER_END) == 0
    out = capsys.readouterr().out
    paths = [Path(line.rsplit(": ", 1)[1]) for line in out.splitlines() if line.strip().startswith("📎")]
    assert [p.suffix for p in paths] == [".xlsx", ".docx"]
    assert all(p.parent == (tmp_path / "var" / "files").resolve() and p.is_file() for p in paths)
    assert "số liệu từ 15/12/2025 đến 14/03/2026" in out
    document = Document(str(paths[1]))
    assert "Nam An Phụ, ngày 31 tháng 3 năm 2026" in document.tables[0].rows[0].cells[1].text
    assert "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)" in openpyxl.load_workbook(paths[0])["Nhiệm vụ"]["A2"].value


def test_report_docx_from_the_command_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["init"], clock=lambda: QUARTER_END) == 0
    assert main(["report", "--half", "1", "--docx", "--out", "bao-cao.xlsx"], clock=lambda: QUARTER_END) == 0
    out = capsys.readouterr().out
    assert "bao-cao.xlsx" in out and "bao-cao.docx" in out
    paragraphs = [p.text for p in Document(str(tmp_path / "bao-cao.docx")).paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026" in paragraphs
    assert "(Số liệu tính từ ngày 15/12/2025 đến ngày 31/03/2026)" in paragraphs  # asked before the cut-off
