"""The links a chat was given to its board and its calendar feed (table access_links): issued, revoked, and
looked up when a link is opened. The link itself carries the row's random id, signed (bot.core.access)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from plan_data.access import Scope, opens, scope_of
from plan_data.permissions import role_of
from storage import queries
from storage.models import NAME_LENGTH, AccessLink


def issue(session: Session, platform: str, chat_id: str, kind: str, scope: Scope, by: str, now: datetime,
          expires_at: datetime) -> str:
    """A new link's row for the chat; its id, 128 random bits, is what the link carries."""
    link_id = secrets.token_urlsafe(16)
    session.add(AccessLink(id=link_id, platform=platform, chat_id=chat_id, kind=kind, scope=scope.kind,
                           plan_id=scope.plan_id, unit_code=scope.unit_code, province=scope.province, tenant=scope.tenant, issued_at=now,
                           issued_by=by[:NAME_LENGTH], expires_at=expires_at))
    return link_id


def revoke(session: Session, platform: str, chat_id: str, by: str, now: datetime) -> int:
    """Revokes every link of the chat that still opens, boards and feeds alike; how many."""
    # "still opens" is plan_data.access.opens (not revoked, not expired) said in SQL, for one statement
    query = (update(AccessLink)
             .where(AccessLink.platform == platform, AccessLink.chat_id == chat_id,
                    AccessLink.revoked_at.is_(None), AccessLink.expires_at > now)
             .values(revoked_at=now, revoked_by=by[:NAME_LENGTH]))
    return session.execute(query, execution_options={"synchronize_session": False}).rowcount


def scope_opened(session: Session, link_id: str, kind: str, now: datetime) -> Scope | None:
    """What the link shows, if it opens now: its row is there, of this kind, neither expired nor revoked, and
    its chat still bound to the unit it was given for, in the same role and tenant (a chat moved to another
    unit, or its plan to another tenant, or removed, loses its links). None for anything else."""
    link = session.scalar(select(AccessLink).where(AccessLink.id == link_id))
    if link is None or link.kind != kind or not opens(link.expires_at, link.revoked_at, now):
        return None
    binding = queries.binding_for(session, link.platform, link.chat_id)
    if binding is None or not binding.active:
        return None
    unit = binding.unit
    now_shown = scope_of(role_of(unit.kind, unit.focal, unit.code), unit.plan_id, unit.code, unit.plan.province,
                         unit.plan.tenant)
    given = Scope(link.scope, link.plan_id, link.unit_code, link.province, link.tenant)
    return given if given == now_shown else None
