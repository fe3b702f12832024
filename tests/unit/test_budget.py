"""The monthly message budget's rules (jobs/budget.py): when reminders are combined, when the focal point
is warned, and what a combined message says."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.budget import Usage, combine, is_short, warning_due


@pytest.mark.parametrize(("sent", "due_today", "short"), [
    (0, 40, False),  # the month starts: everything one by one
    (2000, 40, False),  # 1000 left, 40 to go today
    (2399, 40, False),  # 601 left: just over a fifth
    (2401, 0, True),  # under a fifth left, even on a quiet day
    (2900, 150, True),  # 100 left, 150 to go today
    (1000, 2500, True),  # a day that would not fit one by one
    (3000, 0, True),
])
def test_reminders_are_combined_once_the_budget_runs_short(sent: int, due_today: int, short: bool) -> None:
    assert is_short(Usage(3000, sent), due_today) is short


def test_a_month_zalo_called_spent_is_short_and_spent_whatever_the_count() -> None:
    usage = Usage(3000, 12, spent=True)
    assert usage.remaining == 0
    assert is_short(usage, 0)
    assert warning_due(usage) == "spent"


@pytest.mark.parametrize(("sent", "warning"), [
    (0, None), (2399, None), (2400, "near"), (2999, "near"), (3000, "spent"), (3500, "spent"),
])
def test_the_focal_point_is_warned_at_80_percent_and_when_spent(sent: int, warning: str | None) -> None:
    assert warning_due(Usage(3000, sent)) == warning


def test_a_combined_message_numbers_each_reminder_and_shows_the_commands_once() -> None:
    text = combine(["⏰ Còn 7 ngày: NV 17 «Kế hoạch» — hạn 31/03/2026 (Thứ Ba).",
                    "🔴 Quá hạn 3 ngày: NV BC-hcc «Báo cáo» — hạn 04/03/2026 (Thứ Tư). Xong rồi thì gõ: xong BC-hcc"],
                   example="17")
    lines = text.split("\n")
    assert lines[0].startswith("📬 2 nhắc việc hôm nay")
    assert lines[1].startswith("1. ⏰ Còn 7 ngày: NV 17")
    assert lines[2].startswith("2. 🔴 Quá hạn 3 ngày: NV BC-hcc")
    assert lines[3] == "Gõ: xong SỐ · nv SỐ · nhắc lại SỐ (ví dụ: xong 17)"


def test_a_combined_notice_without_a_task_has_no_command_line() -> None:
    assert "Gõ:" not in combine(["⚠️ Không gửi được nhắc việc"])


@given(st.integers(1, 100_000), st.integers(0, 200_000), st.integers(0, 10_000), st.booleans())
def test_remaining_is_never_negative_and_spent_means_nothing_remains(limit: int, sent: int, due: int,
                                                                      spent: bool) -> None:
    usage = Usage(limit, sent, spent)
    assert 0 <= usage.remaining <= limit
    if usage.remaining == 0:
        assert is_short(usage, due) and warning_due(usage) == "spent"
