"""The «tổng hợp» chart as it is drawn (issue 23): a unit's text and chart are both the unit's own figures,
every segment carries its number (a segment worth 1 too), and a bar never reaches the line of its name."""

from __future__ import annotations

import io
import json
import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.files import chart
from bot.files.chart import BAR_PX, LABEL_PT, LABEL_PX, ROW_PX, _scale, _width
from tests.support.season import at, played_season

# đúng hạn / trễ hạn / trong hạn (🟠 có nguy cơ chậm) / quá hạn, then the asides when not 0
FOUR = re.compile(r"(\d+) / (\d+) / (\d+) \(🟠 (\d+)\) / (\d+)(?: \(\+(\d+) chờ duyệt\))?(?: \(\+(\d+) chưa có hạn\))?")
COLUMNS = ("done_on_time", "done_late", "in_term", "at_risk", "overdue", "awaiting", "waiting")


def _chart(reply) -> dict:
    [photo] = [f for f in reply.files if f.kind == "photo"]
    return json.loads(Image.open(io.BytesIO(photo.data)).info["Description"])


def test_a_units_summary_is_its_own_in_the_text_and_in_the_chart(sessions) -> None:
    talk = played_season(sessions)
    day = at(date(2026, 6, 5))
    whole = talk.say("chutich", "tổng hợp", at=day)
    for code in ("hcc", "kt", "dvsn"):
        reply = talk.say(code, "tổng hợp", at=day)
        own = next(line for line in reply.text.splitlines() if line.startswith("Nhiệm vụ của đơn vị"))
        data = _chart(reply)
        assert list(data["units"]) == [code] and not data["sections"]
        values = dict(zip(data["series"], data["units"][code], strict=True))
        values["in_term"] = values["on_track"] + values["at_risk"]  # the bar draws trong hạn as green and amber
        assert tuple(int(n or 0) for n in FOUR.search(own).groups()) == tuple(values[c] for c in COLUMNS)
        assert "Theo đơn vị" not in reply.text  # not every unit's lines under the unit's own heading
        # the unit's own line is the whole plan's line for that unit, where the unit leads each task alone
        name = next(line for line in whole.text.splitlines() if line.startswith(reply.text.split(", Nam An Phụ")[0]
                                                                                  .split("CCHC ", 1)[1]))
        assert FOUR.search(name).groups() == FOUR.search(own).groups()


counts = st.lists(st.integers(min_value=0, max_value=400), min_size=7, max_size=7)


@settings(max_examples=200, deadline=None)
# room: the panel's width less "xong/tổng" (1,020 px less at most 9 digits): seven 3-digit segments fit in it
@given(st.lists(counts, min_size=1, max_size=14), st.floats(min_value=700, max_value=1000))
def test_every_segment_is_wide_enough_for_its_number_and_every_bar_fits(rows, room) -> None:
    bars = [[("f", "#000", v) for v in row if v] for row in rows]
    scale = _scale(bars, room)
    digit = LABEL_PT / 72 * chart.DPI * 0.62
    for bar in bars:
        widths = [_width(v, scale) for _f, _c, v in bar]
        assert all(w >= len(str(v)) * digit for w, (_f, _c, v) in zip(widths, bar, strict=True))
        assert sum(widths) <= room + 1e-6
        # proportions hold between segments wide enough on their own
        wide = [(w, v) for w, (_f, _c, v) in zip(widths, bar, strict=True) if v * scale >= w]
        assert all(abs(w - v * scale) < 1e-6 for w, v in wide)


def test_a_name_line_is_clear_of_its_bar() -> None:
    """The name sits on a line LABEL_PX high (its tallest mark and its lowest, "ạ"'s dot): the bar starts under
    it, and ends before the next row's name."""
    glyph_px = LABEL_PT / 72 * chart.DPI
    assert glyph_px * 1.25 <= LABEL_PX
    assert ROW_PX >= LABEL_PX + BAR_PX
