"""«bảng», «lịch» and «thu hồi bảng»: links to the web board and the calendar feed of what the chat may see.

What a link shows is the chat's own scope (plan_data.access.scope_of: the same rule as the chat's lists); the
link carries the random id of a row the store writes (storage.access_links), signed (bot.core.access). «lịch»
still sends the .ics file it always sent, with the feed's links beside it when the board is on.
"""

from __future__ import annotations

import logging

from bot.core import texts
from bot.core.commands import Board, Calendar, RevokeBoard
from bot.core.context import Context, Reply
from bot.files.builders import calendar_file
from plan_data.access import BOARD, CITY, COMMUNE, FEED, Scope, has_calendar, lifetime, scope_of
from plan_data.zone import local_day

log = logging.getLogger(__name__)


def chat_scope(ctx: Context) -> Scope:
    """What this chat may see, as its lists do."""
    return scope_of(ctx.role, ctx.plan.id, ctx.unit.code, ctx.plan.province, ctx.plan.tenant)


def board(ctx: Context, command: Board) -> Reply:
    """«bảng»: a new link to the board of the chat's scope."""
    missing = ctx.access.missing()
    if missing:
        return Reply(texts.BOARD_OFF.format(missing=missing))
    scope = chat_scope(ctx)
    token, until = _issue(ctx, BOARD, scope)
    return Reply(texts.BOARD_LINK.format(what=_what(ctx, scope), url=ctx.access.board_url(token), until=until))


def calendar(ctx: Context, command: Calendar) -> Reply:
    """«lịch»: the calendar file of the chat's scope, and a new link to its feed when the board is on."""
    scope = chat_scope(ctx)
    if not has_calendar(scope):
        return Reply(texts.CITY_NO_CALENDAR)
    plan = ctx.store.plan(ctx.plan.id)
    file = calendar_file(plan, ctx.store.plan_tasks(plan), ctx.now, None if scope.kind == COMMUNE else ctx.unit)
    missing = ctx.access.missing()
    if missing:
        return Reply(texts.FEED_OFF.format(missing=missing), files=(file,))
    token, until = _issue(ctx, FEED, scope)
    url, webcal = ctx.access.feed_urls(token)
    return Reply(texts.FEED_LINKS.format(what=_what(ctx, scope), url=url, webcal=webcal, until=until), files=(file,))


def revoke(ctx: Context, command: RevokeBoard) -> Reply:
    """«thu hồi bảng»: every link the chat was given, boards and feeds, stops opening."""
    incoming = ctx.incoming
    count = ctx.store.revoke_links(incoming.platform, incoming.chat_id, incoming.user_name, ctx.now)
    log.info("%d board and feed links of %s:%s revoked by %s", count, incoming.platform, incoming.chat_id,
             incoming.user_id)
    return Reply(texts.LINKS_REVOKED.format(count=count) if count else texts.NO_LINK_TO_REVOKE)


def _issue(ctx: Context, kind: str, scope: Scope) -> tuple[str, str]:
    """A new link of the chat: its signed token, and the day it stops opening as the reply says it."""
    expires = ctx.now + lifetime(kind, ctx.access.board_days, ctx.access.feed_days)
    incoming = ctx.incoming
    link_id = ctx.store.issue_link(incoming.platform, incoming.chat_id, kind, scope, incoming.user_name, ctx.now,
                                   expires)
    return ctx.access.token(link_id, kind), texts.day(local_day(expires))


def _what(ctx: Context, scope: Scope) -> str:
    if scope.kind == CITY:
        return texts.SCOPE_CITY.format(province=ctx.plan.province)
    if scope.kind == COMMUNE:
        return texts.SCOPE_COMMUNE.format(commune=ctx.plan.commune)
    return texts.SCOPE_UNIT.format(unit=ctx.unit.name)
