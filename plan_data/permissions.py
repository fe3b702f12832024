"""Who may do what.  (pure)

A unit updates the tasks it is responsible for and may look at those it leads or coordinates; the
chairman and the CCHC focal point may look at and update everything, and only they extend deadlines,
confirm a unit's "xong", assign a task («giao kt: …») and name the officer on a task («giao 17 @lan»;
an officer takes one of the unit's own tasks with «nhận 17», an update). A unit that coordinates a task (and
does not lead it) reports its own part of it («xong phần 17»), which never closes the task (plan_data.parts).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

from plan_data.units.spec import CITY_ROLE


class Role(StrEnum):
    LEADER = "leader"  # chutich
    CITY = "city"  # thanhpho: looks across every commune of the city, changes nothing
    FOCAL = "focal"  # the CCHC focal point's chat (vhxh)
    UNIT = "unit"  # any other unit of the commune


class Action(StrEnum):
    UPDATE = "update"  # xong, tiến độ, hoàn tác, hạn, nhắc lại
    EXTEND = "extend"  # gia hạn
    APPROVE = "approve"  # duyệt
    VIEW = "view"  # nv N
    OVERSEE = "oversee"  # every unit's lists: quá hạn, sắp tới, việc for all
    REPORT = "report"  # báo cáo (the quarterly spreadsheet)
    ASK_EXPLANATION = "ask-explanation"  # yêu cầu giải trình: the chairman and the focal point
    EXPLAIN = "explain"  # giải trình 17: lý do …: the task's own unit answers, and no one else
    ASSIGN = "assign"  # giao: a task assigned in the chat joins the plan; giao 17 @lan: its officer
    PART = "part"  # xong phần 17, td phần 17 50%: a coordinating unit reports its own part, and no one else


def role_of(unit_kind: str, focal: bool, code: str = "") -> Role:
    if unit_kind == "role":
        return Role.CITY if code == CITY_ROLE else Role.LEADER
    return Role.FOCAL if focal else Role.UNIT


class TaskLike(Protocol):
    responsible_id: int
    leads: Any  # the lead units' codes
    coordinators: Any  # the coordinating units' codes


class UnitLike(Protocol):
    id: int
    code: str


def is_own(task: TaskLike, unit: UnitLike) -> bool:
    """"This chat's task": the unit is the one reminded for it, or one of its leads. Every list, count and
    permission that says "yours" means this."""
    return task.responsible_id == unit.id or unit.code in task.leads


def is_related(task: TaskLike, unit: UnitLike) -> bool:
    """The unit leads or coordinates the task: it may look at it."""
    return is_own(task, unit) or unit.code in task.coordinators


def sees_every_unit(role: Role) -> bool:
    """The chairman, the focal point and the city see every unit's lists; a unit sees its own."""
    return may(role, Action.OVERSEE)


def may(role: Role, action: Action, *, responsible: bool = False, related: bool = False) -> bool:
    """responsible: the chat's unit is the one reminded for the task (or leads it);
    related: it leads or coordinates it."""
    if action is Action.PART:  # a unit coordinating it (the focal point too): the lead's own «xong» is the task's
        return related and not responsible and role in (Role.UNIT, Role.FOCAL)
    if action is Action.EXPLAIN:
        return responsible and role in (Role.UNIT, Role.FOCAL)  # the unit that must do it says why it is late
    if role in (Role.LEADER, Role.FOCAL):
        return True
    if role is Role.CITY:
        return action in (Action.VIEW, Action.OVERSEE, Action.REPORT)
    if action is Action.UPDATE:
        return responsible
    if action is Action.VIEW:
        return responsible or related
    return False


def may_take(task: TaskLike, unit: UnitLike) -> bool:
    """«nhận 17»: an officer takes only a task of the chat's own unit (is_own), whatever the chat's role: the
    focal point's officers take the focal point's tasks, not another unit's."""
    return is_own(task, unit)
