"""A season of the seed plan as the units live it, January to June: reports on time and late, progress, an
undone report, and the Q1 report of the service centre sent only on 05/06. The Q1 and Q2 reports of this
season are what tests/integration/test_report_contents.py reads, and what a person renders to look at:
`python -m tests.support.season OUT_DIR` writes both reports' files there."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from plan_data.zone import VN
from tests.support.chat import Chat, seeded_chat

# (day, unit, what it typed): each line says what it is about
SEASON = (
    (date(2026, 1, 10), "vhxh", "xong 1 đã ban hành kế hoạch"),  # Q1, on time (due 14/01)
    (date(2026, 1, 15), "hcc", "xong 18"),  # the Q1 part of an ongoing task, on time (due 04/03)
    (date(2026, 2, 2), "vp", "td 10 30% đã cử cán bộ dự tập huấn"),  # Q1 part, never finished
    (date(2026, 2, 10), "vhxh", "xong 24.2"),  # Q1 part, on time
    (date(2026, 3, 2), "vp", "xong BC-vp"),  # Q1 report, on time
    (date(2026, 3, 3), "dvsn", "xong BC-dvsn"),  # Q1 report, on time
    (date(2026, 3, 20), "hcc", "xong 17 đã ban hành kế hoạch"),  # due 31/03: after Q1's cut-off, so Q2's facts
    (date(2026, 4, 10), "kt", "xong 29"),  # due 31/03: late, in Q2's facts
    (date(2026, 4, 15), "hcc", "xong 19"),  # its Q1 part, overdue since 04/03: a late Q1 report
    (date(2026, 4, 22), "kt", "xong 30"),
    (date(2026, 4, 23), "kt", "hoàn tác 30"),  # a mistake taken back: counts nowhere
    (date(2026, 5, 5), "hcc", "td 18 60% đã cập nhật 12 TTHC"),  # Q2 part
    (date(2026, 5, 10), "dvsn", "xong BC-dvsn"),  # Q2 report …
    (date(2026, 5, 11), "dvsn", "hoàn tác BC-dvsn"),  # … taken back
    (date(2026, 6, 3), "vp", "xong BC-vp"),  # Q2 report, on time (due 04/06)
    (date(2026, 6, 4), "hcc", "xong 18"),  # Q2 part, on time
    (date(2026, 6, 5), "hcc", "xong BC-hcc"),  # the Q1 report (due 04/03), sent late on 05/06
)
Q1_ASKED = datetime(2026, 3, 31, 16, tzinfo=VN)  # facts 15/12/2025–14/03/2026
Q2_ASKED = datetime(2026, 6, 30, 16, tzinfo=VN)  # facts 15/03/2026–14/06/2026


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def played_season(sessions: sessionmaker[Session]) -> Chat:
    talk = seeded_chat(sessions, at(date(2026, 1, 5)))
    for day, unit, text in SEASON:
        talk.text(unit, text, at=at(day))
    return talk


def season_reports(talk: Chat) -> dict[str, dict[str, bytes]]:
    """The focal point's «báo cáo quý 1» on 31/03 and «báo cáo quý 2» on 30/06: {"q1": {".docx": …}, …}."""
    out = {}
    for quarter, asked in (("q1", Q1_ASKED), ("q2", Q2_ASKED)):
        reply = talk.say("vhxh", f"báo cáo quý {quarter[1]}", at=asked)
        assert reply is not None
        out[quarter] = {"." + f.name.rsplit(".", 1)[1]: f.data for f in reply.files}
    return out


if __name__ == "__main__":
    from storage.db import make_engine, make_sessions
    from storage.migrate import upgrade

    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{target / 'season.db'}")
    upgrade(engine)
    for quarter, files in season_reports(played_season(make_sessions(engine))).items():
        for suffix, data in files.items():
            (target / f"{quarter}{suffix}").write_bytes(data)
            print(target / f"{quarter}{suffix}")
