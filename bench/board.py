"""(g) The server time of a commune's page on the board (issue 27, point 6): GET /b/{token}/ as bot.web.board
answers it (the token checked, the row and the chat's binding read, the plan's tasks loaded and counted, the
page rendered), in process, without the network: the endpoint itself, called with the request uvicorn would
build.

    python -m bench.board   this part alone, on one commune in a temporary SQLite file
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from bench.seed import alone, chat_id
from bench.stats import Figure, Results, at_most, timed
from bot.core.access import Access
from bot.web.access import resolver
from bot.web.board import Board
from plan_data.access import BOARD, COMMUNE, Scope, lifetime
from plan_data.zone import VN
from storage import access_links
from storage.queries import pick_plan

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
ACCESS = Access("https://nhacviec.example.vn", "khoa-ky-cua-bench-bang-theo-doi")
TARGET_MS = 50


def commune_token(sessions: sessionmaker[Session]) -> str:
    """A board link of the first commune, as «bảng» in its focal point's chat would give."""
    with sessions.begin() as session:
        plan = pick_plan(session)
        link_id = access_links.issue(session, "telegram", chat_id(0, "vhxh"), BOARD,
                                     Scope(COMMUNE, plan.id, None, None), "bench", NOW, NOW + lifetime(BOARD))
    return ACCESS.token(link_id, BOARD)


def run(sessions: sessionmaker[Session], results: Results, label: str, runs: int = 20) -> None:
    board = Board(sessions, resolver(ACCESS), lambda: NOW)
    token = commune_token(sessions)
    request = Request({"type": "http", "method": "GET", "path": f"/b/{token}/", "headers": [],
                       "query_string": b"", "path_params": {"token": token}})
    answer = board.own(request)
    assert answer.status_code == 200, answer.status_code
    board.own(request)  # warm: the statements compiled, the templates loaded
    seconds = [timed(lambda: board.own(request)) for _ in range(runs)]
    results.add(at_most(Figure("g", f"{label}: a commune's page on the board, server time", "ms",
                               [s * 1000 for s in seconds], note=f"{len(answer.body):,} bytes"), TARGET_MS))


if __name__ == "__main__":
    alone(run)
