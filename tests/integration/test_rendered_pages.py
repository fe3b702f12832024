"""The Word report and the workbook as a person prints them: LibreOffice (headless) converts each to PDF,
pdftoppm renders the pages to PNG, and every page must exist and carry ink. (Looking at the pages is for
people: `python -m tests.support.render FILE…` prints their paths.) `make test` installs LibreOffice and
poppler-utils first (scripts/ensure-office.sh), as it does PostgreSQL: without them this test fails, saying
what is missing, rather than passing unseen."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.conftest import VN
from tests.support.chat import seeded_chat
from tests.support.render import render_all


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def inked(page: Path) -> float:
    """The share of the page that is not white."""
    image = ImageOps.grayscale(Image.open(page))
    return sum(image.histogram()[:200]) / (image.width * image.height)


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    engine = make_engine(f"sqlite:///{tmp_path / 'render.db'}")
    upgrade(engine)
    talk = seeded_chat(make_sessions(engine), at(date(2026, 1, 5)))
    talk.text("vhxh", "xong 1 đã ban hành", at=at(date(2026, 1, 10)))
    talk.text("vp", "td 10 30% " + "Đã rà soát, cập nhật văn bản; " * 170, at=at(date(2026, 2, 2)))
    reply = talk.say("vhxh", "báo cáo quý 1", at=at(date(2026, 3, 31), 16))
    engine.dispose()
    out = {}
    for file in reply.files:
        out[file.name.rsplit(".", 1)[1]] = tmp_path / file.name
        out[file.name.rsplit(".", 1)[1]].write_bytes(file.data)
    return out


def test_the_word_report_and_the_workbook_print_as_pages_with_ink(files, tmp_path) -> None:
    rendered = render_all([files["docx"], files["xlsx"]], tmp_path / "pages")  # one LibreOffice for both
    for kind in ("docx", "xlsx"):
        pages = rendered[files[kind]]
        assert len(pages) >= 2, kind  # the report runs over several pages, and so does the table
        width, height = Image.open(pages[0]).size
        assert (width > height) == (kind == "xlsx"), kind  # A4 portrait; the table A4 landscape
        for page in pages:
            assert inked(page) > 0.005, page  # not blank
