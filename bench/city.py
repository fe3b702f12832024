"""(g) The server time of the city's page on the board over every commune (issue 27, point 6): GET /b/{token}/
of a city's link as bot.web.board answers it (the token checked, the row read, each commune's figures read,
the page rendered), in process, without the network, as bench/board.py times a commune's page.

Two cases: the normal one, every commune's figures kept and current (storage.commune_figures: the engine
counts them as it plans the day, and a change bumps only its own commune's), target ≤ 1 s; and the cold one,
every commune's figures to count (the first look after they were all changed, or with no engine running),
no target.

    python -m bench.city   this part alone, on 3,321 communes (cloned, bench/clone.py) on a throwaway PostgreSQL
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from bench.board import ACCESS
from bench.stats import Figure, Results, at_most, timed
from bot.web.access import resolver
from bot.web.board import Board
from plan_data.access import BOARD, CITY, Scope, lifetime
from plan_data.zone import VN
from storage import access_links, queries
from storage.invites import bind_directly
from storage.models import CommuneFigures
from storage.queries import pick_plan, unit_by_code

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
TARGET_MS = 1000
CITY_CHAT = "-100999999999"  # the city's chat, bound to the first commune's «thanhpho» unit


def city_token(sessions: sessionmaker[Session], commune: str) -> str:
    """A board link of the city, as «bảng» in the city's chat would give (every commune of the province)."""
    with sessions.begin() as session:
        plan = pick_plan(session, commune)
        if queries.binding_for(session, "telegram", CITY_CHAT) is None:
            bind_directly(session, unit_by_code(session, plan.id, "thanhpho"), "telegram", CITY_CHAT, "Sở Nội vụ", NOW)
        link_id = access_links.issue(session, "telegram", CITY_CHAT, BOARD,
                                     Scope(CITY, None, None, plan.province), "bench", NOW, NOW + lifetime(BOARD))
    return ACCESS.token(link_id, BOARD)


def all_changed(sessions: sessionmaker[Session]) -> None:
    """Every commune's kept figures no longer current, as if each had just been changed."""
    with sessions.begin() as session:
        session.execute(update(CommuneFigures).values(version=CommuneFigures.version + 1))


def run(sessions: sessionmaker[Session], results: Results, label: str, commune: str, runs: int = 10,
        cold_runs: int = 2) -> None:
    board = Board(sessions, resolver(ACCESS), lambda: NOW)
    token = city_token(sessions, commune)
    request = Request({"type": "http", "method": "GET", "path": f"/b/{token}/", "headers": [],
                       "query_string": b"", "path_params": {"token": token}})
    cold = []
    for _ in range(cold_runs):
        all_changed(sessions)
        cold.append(timed(lambda: board.own(request)))
    answer = board.own(request)
    assert answer.status_code == 200, answer.status_code
    lines = answer.body.count(b"/xa/")
    seconds = [timed(lambda: board.own(request)) for _ in range(runs)]
    results.add(at_most(Figure("g", f"{label}: the city's page on the board, server time, figures kept", "ms",
                               [s * 1000 for s in seconds], note=f"{len(answer.body):,} bytes, {lines:,} links"),
                        TARGET_MS))
    results.add(Figure("g", f"{label}: the city's page, every commune's figures to count (cold)", "ms",
                       [s * 1000 for s in cold], note="after every commune changed; the first look counts them all"))


if __name__ == "__main__":
    from bench.clone import clone_communes
    from bench.national import LOADED
    from bench.seed import commune_name, load_communes, prepared
    from storage.db import make_engine
    from tests.support.postgres import ThrowawayPostgres

    results = Results()
    server = ThrowawayPostgres(durable=True).start()
    try:
        sessions = prepared(server.url)
        load_communes(server.url, 0, LOADED, workers=1)
        engine = make_engine(server.url)
        clone_communes(engine, commune_name(0), LOADED, 3321)
        run(sessions, results, "3,321 communes (PostgreSQL)", commune_name(0))
        engine.dispose()
        sessions.kw["bind"].dispose()
    finally:
        server.stop()
    for figure in results.figures:
        print(f"{figure.name}: {figure.value:.1f} {figure.unit} ({figure.spread}; target {figure.target}) {figure.note}")
