"""Who may do what.  (pure)

A unit updates the tasks it is responsible for and may look at those it leads or coordinates; the
chairman and the CCHC focal point may look at and update everything, and only they extend deadlines
and confirm a unit's "xong".
"""

from __future__ import annotations

from enum import StrEnum

from plan_data.units import CITY_ROLE


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


def role_of(unit_kind: str, focal: bool, code: str = "") -> Role:
    if unit_kind == "role":
        return Role.CITY if code == CITY_ROLE else Role.LEADER
    return Role.FOCAL if focal else Role.UNIT


def may(role: Role, action: Action, *, responsible: bool = False, related: bool = False) -> bool:
    """responsible: the chat's unit is the one reminded for the task (or leads it);
    related: it leads or coordinates it."""
    if role in (Role.LEADER, Role.FOCAL):
        return True
    if role is Role.CITY:
        return action in (Action.VIEW, Action.OVERSEE, Action.REPORT)
    if action is Action.UPDATE:
        return responsible
    if action is Action.VIEW:
        return responsible or related
    return False
