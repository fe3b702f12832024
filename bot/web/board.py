"""The board's routes on the web application: a signed link's token is resolved to what it may see (its Scope,
by the resolver the application gives: bot.web.access.resolve), then the page is rendered on a worker thread
(Starlette runs a plain function's endpoint there: the database is never read on the event loop).

    /b/{token}/                               the link's own page: its commune's, its unit's or its city's
    /b/{token}/viec/{number}                  a task of the link's commune (a unit's link: as «nv N» shows it)
    /b/{token}/don-vi/{code}                  a unit of the link's commune (a unit's link: its own only)
    /b/{token}/xa/{plan_id}/…                 the city's link: a commune of its province, and its tasks and units
    /static/board.css                         the one stylesheet

A refused link (expired, forged, revoked) and a page outside the link's scope are both answered 404, with a
short page saying what to do; neither says which it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.web import pages, texts
from bot.web.render import STATIC, STYLESHEET, render
from bot.web.views import Url
from plan_data.zone import local_day

Clock = Callable[[], datetime]
Resolver = Callable[[str, sessionmaker[Session], Clock], "pages.ScopeLike | None"]
Page = Callable[[Session, pages.ScopeLike, date, Url], str]

def routes(sessions: sessionmaker[Session], resolve: Resolver, clock: Clock) -> list[BaseRoute]:
    """The board's routes, for the application's route list."""
    board = Board(sessions, resolve, clock)
    return [
        Route("/b/{token}/", board.own),
        Route("/b/{token}/viec/{number}", board.task),
        Route("/b/{token}/don-vi/{code}", board.unit),
        Route("/b/{token}/xa/{plan_id:int}/", board.commune),
        Route("/b/{token}/xa/{plan_id:int}/viec/{number}", board.commune_task),
        Route("/b/{token}/xa/{plan_id:int}/don-vi/{code}", board.commune_unit),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]


class Board:
    def __init__(self, sessions: sessionmaker[Session], resolve: Resolver, clock: Clock) -> None:
        self.sessions, self.resolve, self.clock = sessions, resolve, clock

    def own(self, request: Request) -> Response:
        sort = request.query_params.get("sort", "")
        return self.serve(request, lambda s, scope, today, url: pages.scope_page(s, scope, today, url, sort))

    def task(self, request: Request) -> Response:
        number = request.path_params["number"]
        return self.serve(request, lambda s, scope, today, url: pages.task_html(s, scope, number, today, url))

    def unit(self, request: Request) -> Response:
        code = request.path_params["code"]
        return self.serve(request, lambda s, scope, today, url: pages.unit_page(s, scope, code, today, url))

    def commune(self, request: Request) -> Response:
        def page(session: Session, scope: pages.ScopeLike, today: date, url: Url) -> str:
            commune = pages.within(session, scope, request.path_params["plan_id"], today)
            return pages.commune_page(session, pages.plan_of(session, commune), today, _under(url, commune),
                                      back=url(""))
        return self.serve(request, page)

    def commune_task(self, request: Request) -> Response:
        def page(session: Session, scope: pages.ScopeLike, today: date, url: Url) -> str:
            commune = pages.within(session, scope, request.path_params["plan_id"], today)
            return pages.task_html(session, commune, request.path_params["number"], today, _under(url, commune))
        return self.serve(request, page)

    def commune_unit(self, request: Request) -> Response:
        def page(session: Session, scope: pages.ScopeLike, today: date, url: Url) -> str:
            commune = pages.within(session, scope, request.path_params["plan_id"], today)
            return pages.unit_page(session, commune, request.path_params["code"], today, _under(url, commune))
        return self.serve(request, page)

    def serve(self, request: Request, page: Page) -> Response:
        token = request.path_params["token"]
        scope = self.resolve(token, self.sessions, self.clock)
        if scope is None:
            return message(texts.REFUSED_TITLE, texts.REFUSED)
        today = local_day(self.clock())
        try:
            with self.sessions() as session:
                html = page(session, scope, today, lambda path: f"/b/{token}/{path}")
        except pages.NotInScope:
            return message(texts.NOT_FOUND_TITLE, texts.NOT_FOUND)
        return HTMLResponse(html)  # the app adds no-store and the security headers (bot.web.app)


def _under(url: Url, commune: pages.CommuneOf) -> Url:
    """The links of a commune opened from the city's page: under its /xa/{plan_id}/."""
    return lambda path: url(f"xa/{commune.plan_id}/{path}")


def message(title: str, words: str) -> Response:
    html = render("message.html", title=title, message=words, as_of="", stylesheet=pages.STATIC_PATH + STYLESHEET,
                  back="", back_label="")
    return HTMLResponse(html, status_code=404)
