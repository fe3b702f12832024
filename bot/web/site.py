"""What the web application serves besides the webhooks and health: the leaders' board and the calendar feeds,
when their links can be made (NHACVIEC_PUBLIC_URL, and a secret that signs them: bot.ops.settings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from starlette.routing import BaseRoute

from bot.ops.settings import Settings
from bot.web import board, feeds
from bot.web.access import resolver
from bot.web.server import WebServer


def site_routes(sessions: sessionmaker[Session], settings: Settings, clock: Callable[[], datetime]) -> list[BaseRoute]:
    """The board's pages and the feeds; none while their links are off (nothing could open them)."""
    access = settings.access()
    if access.missing():
        return []
    return [*feeds.routes(sessions, settings, clock), *board.routes(sessions, resolver(access), clock)]


def add_site(server: WebServer, sessions: sessionmaker[Session], settings: Settings,
             clock: Callable[[], datetime]) -> bool:
    """The board and the feeds on the server, listening where the settings say (NHACVIEC_WEB_LISTEN,
    NHACVIEC_WEB_PORT) besides any webhook's port; False, and nothing added, while they are off."""
    routes = site_routes(sessions, settings, clock)
    if not routes:
        return False
    server.add(*routes)
    server.listen(settings.web_listen, settings.web_port)
    return True
