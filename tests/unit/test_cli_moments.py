"""The demo's moment as a person types it (`--date`, NHACVIEC_TODAY), and the clock made from it."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cli.clock import demo_clock
from bot.ops.moments import cli_moment
from tests.conftest import VN

READ = [
    ("02/02/2026", datetime(2026, 2, 2, 8, 0, tzinfo=VN)),  # a date alone: 08:00, when reminders go out
    ("2/2/2026", datetime(2026, 2, 2, 8, 0, tzinfo=VN)),
    ("02/02/2026 08:00", datetime(2026, 2, 2, 8, 0, tzinfo=VN)),
    ("02/02/2026 09:00", datetime(2026, 2, 2, 9, 0, tzinfo=VN)),
    ("  02/02/2026   14:30 ", datetime(2026, 2, 2, 14, 30, tzinfo=VN)),
    ("02-02-2026 7:05", datetime(2026, 2, 2, 7, 5, tzinfo=VN)),
    ("02.02.2026 8h", datetime(2026, 2, 2, 8, 0, tzinfo=VN)),
    ("02/02/2026 8h30", datetime(2026, 2, 2, 8, 30, tzinfo=VN)),
    ("8h30 02/02/2026", datetime(2026, 2, 2, 8, 30, tzinfo=VN)),
    ("8h30 ngày 02/02/2026", datetime(2026, 2, 2, 8, 30, tzinfo=VN)),
    ("2026-02-02", datetime(2026, 2, 2, 8, 0, tzinfo=VN)),
    ("2026-02-02T16:45", datetime(2026, 2, 2, 16, 45, tzinfo=VN)),
    ("2026-02-02 16:45", datetime(2026, 2, 2, 16, 45, tzinfo=VN)),
]


@pytest.mark.parametrize(("typed", "moment"), READ)
def test_a_moment_as_officers_write_it(typed: str, moment: datetime) -> None:
    assert cli_moment(typed) == moment


@pytest.mark.parametrize("typed", ["31/02/2026", "02/02/2026 25:00", "02/02/2026 08:75", "hôm qua", "",
                                   "02/02/2026 sáng", "02/02/2026 08:00 09:00", "08:00"])
def test_a_moment_that_cannot_be_read_is_said_in_vietnamese(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="dd/mm/yyyy HH:MM"):
        cli_moment(typed)


@given(st.text(max_size=40))
def test_any_text_is_a_moment_or_one_sentence(typed: str) -> None:
    try:
        moment = cli_moment(typed)
    except argparse.ArgumentTypeError as refused:
        assert "không đúng" in str(refused)
    else:
        assert moment.tzinfo is VN


def test_the_demo_clock_starts_at_the_moment_and_runs_on() -> None:
    real = [datetime(2026, 12, 5, 2, 0, tzinfo=VN)]  # the middle of the night, as when the issue was seen
    clock = demo_clock(cli_moment("02/02/2026"), lambda: real[0])
    assert clock() == datetime(2026, 2, 2, 8, 0, tzinfo=VN)
    real[0] += timedelta(minutes=5)
    assert clock() == datetime(2026, 2, 2, 8, 5, tzinfo=VN)
