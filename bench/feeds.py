"""(g) The server time of a unit's calendar feed (issue 27, point 6): GET /lich/{token}.ics as bot.web.feeds
answers it (the token checked, the row and the chat's binding read, the plan's tasks loaded, the calendar
written), in process, without the network: the endpoint itself, called with the request uvicorn would build.

    python -m bench.feeds   this part alone, on one commune in a temporary SQLite file
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from bench.seed import alone, chat_id
from bench.stats import Figure, Results, at_most, timed
from bot.core.access import Access
from bot.web.feeds import feed_endpoint
from plan_data.access import FEED, UNIT, Scope, lifetime
from plan_data.zone import VN
from storage import access_links
from storage.queries import pick_plan

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
ACCESS = Access("https://nhacviec.example.vn", "khoa-ky-cua-bench-lich-hang-ngay")
UNIT_CODE = "kt"
TARGET_MS = 50


def unit_token(sessions: sessionmaker[Session]) -> str:
    """A feed link of the first commune's unit, as «lịch» in its chat would give."""
    with sessions.begin() as session:
        plan = pick_plan(session)
        link_id = access_links.issue(session, "telegram", chat_id(0, UNIT_CODE), FEED,
                                     Scope(UNIT, plan.id, UNIT_CODE, None), "bench", NOW, NOW + lifetime(FEED))
    return ACCESS.token(link_id, FEED)


def run(sessions: sessionmaker[Session], results: Results, label: str, runs: int = 20) -> None:
    endpoint = feed_endpoint(sessions, ACCESS, lambda: NOW)
    token = unit_token(sessions)
    request = Request({"type": "http", "method": "GET", "path": f"/lich/{token}.ics", "headers": [],
                       "query_string": b"", "path_params": {"token": token}})
    answer = endpoint(request)
    assert answer.status_code == 200, answer.status_code
    endpoint(request)  # warm: the statements compiled, the modules loaded
    seconds = [timed(lambda: endpoint(request)) for _ in range(runs)]
    results.add(at_most(Figure("g", f"{label}: the feed of a unit ({UNIT_CODE}), server time", "ms",
                               [s * 1000 for s in seconds], note=f"{len(answer.body):,} bytes"), TARGET_MS))


if __name__ == "__main__":
    alone(run)
