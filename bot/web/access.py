"""A link's token -> what it shows (a Scope), or nothing: the one check every board page and feed makes.

A token opens when its signature is this server's, for this kind of link (bot.core.access), and its row
(storage.access_links) is there, neither expired nor revoked at the clock's reading, its chat still bound to
the unit it was given for. Anything else is refused with one answer: 404 and the same short body, whatever
the reason. 404 rather than 403: a refused link then looks like any address that never existed, so trying
tokens tells nothing (not even that a revoked one was real), and a calendar app told 404 knows the
subscription is gone rather than forbidden for now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import PlainTextResponse, Response

from bot.core.access import Access
from bot.web import texts
from plan_data.access import BOARD, Scope
from storage import access_links

__all__ = ["REFUSED_STATUS", "Resolve", "Scope", "refused", "resolve", "resolver"]

Clock = Callable[[], datetime]
Resolve = Callable[[str, sessionmaker[Session], Clock], Scope | None]  # resolve(token, sessions, clock)
REFUSED_STATUS = 404


def resolve(token: str, sessions: sessionmaker[Session], clock: Clock, access: Access,
            kind: str = BOARD) -> Scope | None:
    """What the link shows, or None when it does not open (for whatever reason)."""
    link_id = access.link_id(token, kind)
    if link_id is None:  # not signed here, or for another kind: the database is not asked
        return None
    with sessions() as session:
        return access_links.scope_opened(session, link_id, kind, clock())


def resolver(access: Access, kind: str = BOARD) -> Resolve:
    """`resolve` with the settings' secret in it, as the board's pages take it: resolve(token, sessions, clock)."""
    return lambda token, sessions, clock: resolve(token, sessions, clock, access, kind)


def refused() -> Response:
    """The one answer to a link that does not open."""
    return PlainTextResponse(texts.LINK_REFUSED, REFUSED_STATUS, headers={"Cache-Control": "no-store"})
