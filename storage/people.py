"""The officers of each unit as the platforms know them (people), recorded as they speak in a unit's chat.

A person's own 1:1 chat with the bot, linked with the unit's code (/lienket), is one of the unit's chats
(storage.invites): the reminders of the unit's tasks reach it as they reach the group, one row per chat
(jobs.rows), so the person's tasks reach them there once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import Person, Unit

_p, _u = Person.__table__, Unit.__table__


def meet(connection: Connection, unit_id: int, platform: str, user_id: str, name: str, handle: str,
         now: datetime) -> int:
    """The person of this unit and platform user, added or brought up to date (name, @handle): their id.
    One statement, whoever else records them at the same moment (the unique key decides)."""
    dialect = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    values = {"unit_id": unit_id, "platform": platform, "user_id": user_id, "name": name or user_id,
              "handle": handle, "seen_at": now}
    statement = dialect(_p).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=[_p.c.unit_id, _p.c.platform, _p.c.user_id],
        set_={"name": statement.excluded.name, "handle": statement.excluded.handle,
              "seen_at": statement.excluded.seen_at}).returning(_p.c.id)
    return connection.execute(statement).scalar_one()


def people_of(connection: Connection, unit_id: int) -> list[Any]:
    """The people known in a unit, by name."""
    return list(connection.execute(select(_p).where(_p.c.unit_id == unit_id).order_by(_p.c.name, _p.c.id)))


def person(connection: Connection, person_id: int) -> Any | None:
    return connection.execute(select(_p).where(_p.c.id == person_id)).first()


def people_ids(connection: Connection, plan_id: int, platform: str, user_id: str) -> set[int]:
    """The platform user as a person of each unit of the plan."""
    query = (select(_p.c.id).join(_u, _u.c.id == _p.c.unit_id)
             .where(_u.c.plan_id == plan_id, _p.c.platform == platform, _p.c.user_id == user_id))
    return set(connection.scalars(query))
