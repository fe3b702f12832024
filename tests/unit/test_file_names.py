"""Every file's name says whose it is and what it covers, and its format follows the name given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.links import _NAME
from bot.files.names import (
    calendar_name,
    chart_name,
    chosen_format,
    city_name,
    file_name,
    report_name,
    slug,
)
from plan_data.figures import reporting_period


def period(kind: str, number: int | None):
    return reporting_period(2026, date(2026, 6, 20), kind, number)


@pytest.mark.parametrize(("kind", "number", "name"), [
    ("quarter", 2, "bao-cao-cchc-nam-an-phu-q2-2026.docx"),
    ("half", 1, "bao-cao-cchc-nam-an-phu-6-thang-dau-2026.docx"),
    ("half", 2, "bao-cao-cchc-nam-an-phu-6-thang-cuoi-2026.docx"),
    ("year", None, "bao-cao-cchc-nam-an-phu-nam-2026.docx"),
])
def test_a_report_is_named_by_its_commune_and_period(kind: str, number: int | None, name: str) -> None:
    assert report_name("Nam An Phụ", period(kind, number), ".docx") == name


def test_every_kind_of_file_names_its_commune() -> None:
    assert chart_name("Đồng Tháp", date(2026, 6, 5)) == "tien-do-cchc-dong-thap-20260605.png"
    assert chart_name("Nam An Phụ", date(2026, 6, 5), "hcc") == "tien-do-cchc-nam-an-phu-hcc-20260605.png"
    assert calendar_name("An Lão", 2026) == "lich-cchc-an-lao-2026.ics"
    assert calendar_name("An Lão", 2026, "kt") == "lich-cchc-an-lao-kt-2026.ics"
    assert city_name("Hải Phòng", date(2026, 6, 5)) == "bao-cao-cchc-cac-xa-hai-phong-20260605.xlsx"
    assert report_name("Nam An Phụ", period("quarter", 2), ".xlsx") != report_name("An Lão", period("quarter", 2),
                                                                                    ".xlsx")


def test_a_name_in_a_format_the_file_is_not_is_never_made() -> None:
    with pytest.raises(ValueError):
        file_name("calendar", "Nam An Phụ", "2026", ".docx")


@given(st.text(max_size=300), st.text(max_size=20))
def test_any_commune_gives_a_name_a_link_can_carry(commune: str, unit: str) -> None:
    """Zalo's file links take a plain name of at most 121 characters; any commune's name gives one."""
    for name in (chart_name(commune, date(2026, 12, 31), unit), calendar_name(commune, 2026, unit),
                 report_name(commune, period("half", 1), ".xlsx")):
        assert _NAME.fullmatch(name), name
    assert slug(commune) == slug(slug(commune))


@pytest.mark.parametrize(("kind", "out", "chosen"), [
    ("report", "q1.docx", ".docx"), ("report", "Q1.DOCX", ".docx"), ("report", "q1.xlsx", ".xlsx"),
    ("report", "q1.pdf", None), ("report", "q1", None), ("report", "bao.cao.quy.1.docx", ".docx"),
    ("calendar", "lich.docx", None), ("calendar", "lich.ics", ".ics"), ("chart", "c.png", ".png"),
    ("chart", "c.jpg", None), ("report", "/dev/null", ".xlsx"), ("calendar", "/dev/null", ".ics"),
])
def test_the_format_follows_the_suffix(kind: str, out: str, chosen: str | None) -> None:
    assert chosen_format(kind, Path(out)) == chosen


def test_a_folder_keeps_the_default_so_that_the_writer_says_it_is_a_folder(tmp_path: Path) -> None:
    assert chosen_format("report", tmp_path) == ".xlsx"
