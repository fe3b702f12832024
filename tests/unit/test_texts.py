"""How replies are written: split to fit a message, secrets kept out of logs."""

from __future__ import annotations

import logging
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.outbox import split_message
from bot.core.texts import day_with_weekday, task_name
from bot.ops.logs import Redact


@given(text=st.text(alphabet=st.sampled_from("ab \n✅đ"), max_size=3000), limit=st.integers(20, 400))
def test_split_message_fits_and_keeps_every_character(text: str, limit: int) -> None:
    parts = split_message(text, limit)
    assert all(len(part) <= limit for part in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_split_message_cuts_on_line_boundaries() -> None:
    lines = [f"• {n} nhiệm vụ có một dòng khá dài" for n in range(400)]
    parts = split_message("\n".join(lines), 4096)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert [line for part in parts for line in part.split("\n")] == lines


def test_dates_are_day_month_year_with_the_weekday() -> None:
    assert day_with_weekday(date(2026, 1, 14)) == "14/01/2026 (Thứ Tư)"
    assert task_name("17", "Xây dựng Kế hoạch công tác cải cách thủ tục hành chính, kiểm soát thủ tục") \
        == "NV 17 «Xây dựng Kế hoạch công tác cải cách thủ tục…»"


def test_tokens_never_reach_a_log_line_nor_a_traceback() -> None:
    token = "123456:ABC-secret"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST https://api.telegram.org/bot%s/getMe",
                               (token,), None)
    assert Redact([token]).format(record).endswith("bot***/getMe")
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{token}/getUpdates")
    except ConnectionError:
        import sys

        failed = logging.LogRecord("telegram", logging.ERROR, __file__, 1, "polling failed", (), sys.exc_info())
    text = Redact([token]).format(failed)
    assert "Traceback" in text and token not in text and "bot***/getUpdates" in text
