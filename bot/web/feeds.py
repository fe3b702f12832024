"""The calendar feeds: GET /lich/{token}.ics, computed from the database at each request.

A feed holds the same events as the .ics file «lịch» sends (bot.files.ics, through bot.files.builders): the
whole plan for the chairman's and the focal point's links, a unit's own tasks for a unit's. Google Calendar
and Outlook fetch it again every few hours, so an extension, a date set or a task assigned shows at their
next fetch. Each answer carries an ETag (a hash of its bytes): a client that sends it back in If-None-Match
gets 304 while nothing changed. The events' DTSTAMP is the start of the day in Vietnam, not the instant of the
request, so the bytes (and the ETag) change when the plan does, or once a day, never at every fetch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, time

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.core.access import Access
from bot.files.builders import calendar_file
from bot.ops.settings import Settings
from bot.web.access import refused, resolve
from plan_data.access import FEED, UNIT, Scope
from plan_data.zone import VN, local_day
from storage.models import Plan
from storage.queries import plan_tasks, unit_by_code

Clock = Callable[[], datetime]
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Every fetch asks whether the feed changed (its ETag); no shared cache keeps a link's calendar
CACHE_CONTROL = "private, no-cache"


def routes(sessions: sessionmaker[Session], settings: Settings, clock: Clock) -> list[BaseRoute]:
    """The feeds' route, for the bot's web application to mount."""
    return [Route("/lich/{token}.ics", feed_endpoint(sessions, settings.access(), clock), methods=["GET"],
                  name="feed")]


def feed_endpoint(sessions: sessionmaker[Session], access: Access, clock: Clock) -> Callable[[Request], Response]:
    def feed(request: Request) -> Response:
        """A plain function: Starlette runs it in its thread pool, off the event loop (SQLAlchemy is blocking)."""
        now = clock()
        scope = resolve(request.path_params["token"], sessions, lambda: now, access, FEED)
        data = None if scope is None else feed_bytes(sessions, scope, now)
        if data is None:
            return refused()
        tag = etag(data)
        headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
        if matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=CONTENT_TYPE, headers=headers)

    return feed


def feed_bytes(sessions: sessionmaker[Session], scope: Scope, now: datetime) -> bytes | None:
    """The scope's calendar as of today; None when its plan or unit is gone."""
    if scope.plan_id is None:  # the city's: no calendar of its own (plan_data.access.has_calendar)
        return None
    with sessions() as session:
        plan = session.get(Plan, scope.plan_id)
        unit = unit_by_code(session, scope.plan_id, scope.unit_code or "") if scope.kind == UNIT else None
        if plan is None or (scope.kind == UNIT and unit is None):
            return None
        stamp = datetime.combine(local_day(now), time(0), tzinfo=VN)
        return calendar_file(plan, plan_tasks(session, plan), stamp, unit).data


def etag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()[:32]}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """If-None-Match names this ETag (weakly compared, as RFC 9110 says for it), or is "*"."""
    if not if_none_match:
        return False
    named = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in named or tag in named
