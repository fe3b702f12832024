"""The database: plans of many communes, their tasks and occurrences, who changed what, and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy import text as sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from plan_data.lifecycle import State
from plan_data.zone import VN

NAME_LENGTH = 200  # a person's, a unit's, a chat's or a commune's name: the same bound on every database
ID_LENGTH = 64  # a platform's user, chat or message id


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime, stored in UTC. SQLite keeps no offset, so it is attached again on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware one (Asia/Ho_Chi_Minh or UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, date: Date, dict[str, Any]: JSON, list[Any]: JSON}


class Plan(Base):
    __tablename__ = "plans"
    # the tick asks every 30 s which plans are behind: an index, not a scan of every commune's plan
    __table_args__ = (UniqueConstraint("commune", "year"), Index("ix_plans_reminders_until", "reminders_until"))

    id: Mapped[int] = mapped_column(primary_key=True)
    commune: Mapped[str] = mapped_column(String(NAME_LENGTH))
    year: Mapped[int]
    title: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    level: Mapped[str] = mapped_column(String(16), default="commune")  # who issued it: commune, province, nation
    decision: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default=VN.key)
    require_confirmation: Mapped[bool] = mapped_column(default=False)
    sections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)  # reminder policy overrides (plan_data.policy)
    # the tenant (a province, or plans an operator groups) whose bots serve it: plan_data.tenants; "" the deployment's
    tenant: Mapped[str] = mapped_column(String(32), default="", index=True)
    imported_at: Mapped[datetime]
    reminders_until: Mapped[datetime | None]  # reminders are materialized as rows up to this instant

    units: Mapped[list[Unit]] = relationship(back_populates="plan", order_by="Unit.id")
    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.position")


class Unit(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))  # internal | external | role
    focal: Mapped[bool] = mapped_column(default=False)
    aliases: Mapped[list[Any]] = mapped_column(default=list)

    plan: Mapped[Plan] = relationship(back_populates="units")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(32))  # the plan's own, qualified where numbers restart: "17", "II.3"
    shown: Mapped[str] = mapped_column(String(32), default="")  # the TT cell as written, when not the number ("3")
    position: Mapped[int]
    section: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    group_title: Mapped[str] = mapped_column(Text, default="")
    lead_text: Mapped[str] = mapped_column(Text)
    coordinators_text: Mapped[str] = mapped_column(Text, default="")
    time_expression: Mapped[str] = mapped_column(Text)
    product: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="appendix")
    kind: Mapped[str] = mapped_column(String(16))  # deadline | window | recurring | ongoing | event | undated
    event_offset_days: Mapped[int | None]
    leads: Mapped[list[Any]] = mapped_column(default=list)  # unit codes, as the plan names them
    coordinators: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[list[Any]] = mapped_column(default=list)  # [label, text] of each column the plan adds
    trigger: Mapped[str] = mapped_column(String(32), default="")  # an event task: the task whose completion dates it
    responsible_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    retired: Mapped[bool] = mapped_column(default=False)  # gone from the plan file; kept for its history
    # a task assigned in the chat («giao kt: …») or from a directive (`nhacviec giao`), source "assigned": the
    # document it follows («CV 123/UBND-VP»), who assigned it, when, and from where ("telegram:-100…", "cli")
    source_document: Mapped[str] = mapped_column(Text, default="")
    assigned_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    assigned_at: Mapped[datetime | None]
    assigned_from: Mapped[str] = mapped_column(String(80), default="")
    # the officer on it («nhận 17», «giao 17 @lan»): audited on its occurrence's change rows (storage.changes)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    responsible: Mapped[Unit] = relationship()
    person: Mapped[Person | None] = relationship()
    occurrences: Mapped[list[Occurrence]] = relationship(back_populates="task", order_by="Occurrence.seq")


class Person(Base):
    """An officer of a unit, as a platform knows them: recorded as they speak in the unit's chat, so that
    «giao 17 @lan» finds Lan and a reminder can name her."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("unit_id", "platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    handle: Mapped[str] = mapped_column(String(ID_LENGTH), default="")  # Telegram's @username, without the @
    seen_at: Mapped[datetime]


class Occurrence(Base):
    """One time a task falls due: a deadline's single date, or one quarter of a recurring report."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("task_id", "seq"), Index("ix_occurrences_due", "due"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    seq: Mapped[int]
    label: Mapped[str] = mapped_column(String(64), default="")
    opens: Mapped[date | None]
    planned_due: Mapped[date | None]  # as the plan (or "hạn N") set it: on-time counts use this
    due: Mapped[date | None]  # after any extension ("gia hạn")
    date_set_in_chat: Mapped[bool] = mapped_column(default=False)  # an event's date, given with "hạn N"
    status: Mapped[str] = mapped_column(String(16), default=State.OPEN.value)  # plan_data.lifecycle.State
    progress: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    note: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(default=False)

    task: Mapped[Task] = relationship(back_populates="occurrences")
    changes: Mapped[list[StatusChange]] = relationship(back_populates="occurrence", order_by="StatusChange.id")


class StatusChange(Base):
    """Who changed an occurrence, when, from which chat and message, and its state before and after."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(16))  # done | progress | undo | set-date | extend | approve
    platform: Mapped[str] = mapped_column(String(16))  # telegram | zalo | console | cli
    user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    chat_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    message_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    before: Mapped[dict[str, Any]]
    after: Mapped[dict[str, Any]]
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a photo or document sent as the product
    undone: Mapped[bool] = mapped_column(default=False)

    occurrence: Mapped[Occurrence] = relationship(back_populates="changes")


class Explanation(Base):
    """«giải trình»: a request that the lead unit say why an occurrence is late (who, when, from which chat,
    due when), its answer (who, when, the reason, the date proposed) and when it was raised to the chairman
    unanswered. Each request and answer is also a change of the occurrence (its history, its undo): its row
    here is linked to that change, and withdrawn when the change is undone."""

    __tablename__ = "explanations"
    __table_args__ = (Index("ix_explanations_occurrence", "occurrence_id"),
                      Index("ix_explanations_unanswered", "plan_id", "due"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    asked_at: Mapped[datetime]
    asked_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    asked_platform: Mapped[str] = mapped_column(String(16))
    asked_chat: Mapped[str] = mapped_column(String(ID_LENGTH))
    due: Mapped[date]  # the answer is due by the end of this day (plan_data.explanations.answer_due)
    ask_change_id: Mapped[int | None] = mapped_column(ForeignKey("status_changes.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    answered_platform: Mapped[str | None] = mapped_column(String(16))
    answered_chat: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_due: Mapped[date | None]
    answer_change_id: Mapped[int | None] = mapped_column(ForeignKey("status_changes.id", ondelete="SET NULL"))
    raised_at: Mapped[datetime | None]  # when the reminder raising it unanswered to the chairman was written
    withdrawn: Mapped[bool] = mapped_column(default=False)  # the request was undone («hoàn tác»)

    occurrence: Mapped[Occurrence] = relationship()


class ChatBinding(Base):
    """A group chat bound to a unit or role of one plan."""

    __tablename__ = "chat_bindings"
    __table_args__ = (UniqueConstraint("platform", "chat_id"), Index("ix_chat_bindings_unit", "unit_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    active: Mapped[bool] = mapped_column(default=True)  # False once the chat blocked or removed the bot
    bound_at: Mapped[datetime]
    bound_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    # the bot it was bound through, and which speaks to it (plan_data.tenants.bot_key; "" the deployment's own)
    bot: Mapped[str] = mapped_column(String(32), default="")

    unit: Mapped[Unit] = relationship()


class ChatLink(Base):
    """Every attempt to bind a chat: who, when, the outcome, and the unit it moved from and to. A chat's
    failed codes in the last hour are counted from here, so guessing is slowed on every worker alike."""

    __tablename__ = "chat_links"
    __table_args__ = (Index("ix_chat_links_chat", "platform", "chat_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    user_name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    # bound | moved | asked | bad-code | limited | elsewhere (bound in another tenant); a code for people also:
    # group (typed in a group) | full
    outcome: Mapped[str] = mapped_column(String(16))
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    # the code the attempt named (no reference: the log outlives its codes): a code for people counts its chats here
    invite_id: Mapped[int | None] = mapped_column(index=True)


class Invite(Base):
    """A code that binds a chat to a unit (`nhacviec invite hcc`, then `/lienket CODE`): once, any chat; or, a
    code for people (`--people N`), up to N distinct 1:1 chats of the unit's officers, never a group."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by_chat: Mapped[str | None] = mapped_column(String(80))
    people: Mapped[int] = mapped_column(default=0)  # 0: a one-use code; N: a code for N people's own chats

    unit: Mapped[Unit] = relationship()


class TaskPart(Base):
    """A coordinating unit's part of one occurrence of a task (plan_data.parts): its state and progress, and
    who reported it last, when, from which chat. Each report is also a change of the occurrence (its history,
    its undo, storage.parts): the change holds the part before and after."""

    __tablename__ = "task_parts"
    __table_args__ = (UniqueConstraint("occurrence_id", "unit_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    unit_code: Mapped[str] = mapped_column(String(32))  # the coordinating unit, as Task.coordinators names it
    status: Mapped[str] = mapped_column(String(16), default="open")  # plan_data.parts.PartState
    progress: Mapped[int] = mapped_column(default=0)
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    change_id: Mapped[int | None] = mapped_column(ForeignKey("status_changes.id", ondelete="SET NULL"))


class CommuneFigures(Base):
    """A commune's figures (plan_data.figures.Counts, the plan's year, as of a day), kept so that the city's page
    reads 3,321 communes in one query (storage.commune_figures). Written only from the domain's one count; a
    change that can move them bumps `version` in its own transaction, so a row is current only when it was
    counted at the plan's version (`counted`) and as of the day asked. One column per field of Counts (typed,
    and a field added to Counts without its column fails loudly: tests/unit/test_commune_figures.py)."""

    __tablename__ = "commune_figures"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)  # bumped by every change that can move the plan's figures
    counted: Mapped[int | None]  # the version the figures below were counted at; NULL: never counted
    as_of: Mapped[date | None]  # the day they were counted as of (they move at midnight)
    tasks: Mapped[int] = mapped_column(default=0)  # the plan's current tasks then: a plan with none has no line
    done_on_time: Mapped[int] = mapped_column(default=0)
    done_late: Mapped[int] = mapped_column(default=0)
    on_track: Mapped[int] = mapped_column(default=0)
    at_risk: Mapped[int] = mapped_column(default=0)
    overdue: Mapped[int] = mapped_column(default=0)
    waiting: Mapped[int] = mapped_column(default=0)
    awaiting: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime | None]


class AccessLink(Base):
    """A link a chat was given to its board (`bảng`) or its calendar feed (`lịch`): the link carries this row's
    random id, signed (bot.core.access), never a chat id; what it shows (plan_data.access.Scope), until when,
    who asked for it and who revoked it (`thu hồi bảng`)."""

    __tablename__ = "access_links"
    __table_args__ = (Index("ix_access_links_chat", "platform", "chat_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 128 random bits, URL-safe
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(8))  # board | feed
    scope: Mapped[str] = mapped_column(String(8))  # commune | unit | city
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    unit_code: Mapped[str | None] = mapped_column(String(32))
    province: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    tenant: Mapped[str] = mapped_column(String(32), default="")  # a city's: whose communes (plan_data.access.Reach)
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))


class Reminder(Base):
    """One reminder to one chat: claimed, then sent or failed, so it goes out once whatever restarts."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("plan_id", "subject", "kind", "due_at", "chat"),
        Index("ix_reminders_state_due", "state", "due_at"),
        # superseding older pending rows of a subject and chat must not scan every pending row of the day
        Index("ix_reminders_pending_subject", "subject", "chat", "due_at",
              postgresql_where=sql("state = 'pending'"), sqlite_where=sql("state = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(64))  # "occurrence:<id>", or "digest": never NULL, so unique holds
    kind: Mapped[str] = mapped_column(String(16))  # before-7 … due, opens, overdue, escalate, digest, …
    due_at: Mapped[datetime]
    chat: Mapped[str] = mapped_column(String(80))  # unit or role code the reminder is for
    # pending -> claimed -> sent | failed; skipped (done meanwhile, or superseded after downtime); unbound (no chat)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)  # delivery errors only: a claim is not an attempt
    claimed_at: Mapped[datetime | None]  # when this claim was taken: the claimer's token
    lease_until: Mapped[datetime | None]  # the claim holds till then; renewed while its worker works
    retry_at: Mapped[datetime | None]  # after a delivery error: not tried again before this instant
    timeouts: Mapped[int] = mapped_column(default=0)  # sends that timed out: each may have been posted
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")  # the message of a "notice" (to the focal point)


# the claim takes the newest pending rows whose time has come: read in that order, never sorted (0008)
Index("ix_reminders_pending_due", Reminder.due_at.desc(), Reminder.id,
      postgresql_where=sql("state = 'pending'"), sqlite_where=sql("state = 'pending'"))


class SendSlot(Base):
    """One message handed to a platform by one bot, when and to which chat: the pace every worker and restart
    shares (Telegram: 30 a second per bot, 20 a minute into one group, 1 a second into one chat). Kept a few
    minutes, then pruned."""

    __tablename__ = "send_slots"
    __table_args__ = (Index("ix_send_slots_route_at", "route", "at"), Index("ix_send_slots_chat_at", "chat", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # the bot it left by (plan_data.tenants.route): "telegram" for the deployment's own, "telegram/123456"
    route: Mapped[str] = mapped_column(String(48))
    chat: Mapped[str] = mapped_column(String(80))  # "telegram:-1001", as in reminders.chat
    at: Mapped[datetime]


class ZaloQuota(Base):
    """The Zalo messages one bot sent in one calendar month (Asia/Ho_Chi_Minh): the free plan allows a few
    thousand per bot."""

    __tablename__ = "zalo_quota"
    __table_args__ = (UniqueConstraint("bot", "month", name="uq_zalo_quota_bot_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bot: Mapped[str] = mapped_column(String(32), default="")  # plan_data.tenants.bot_key; "" the deployment's own
    month: Mapped[str] = mapped_column(String(7))  # "2026-03"
    sent: Mapped[int] = mapped_column(default=0)
    spent_at: Mapped[datetime | None]  # Zalo answered 429: nothing more goes to Zalo until the month ends
    warned_near_at: Mapped[datetime | None]  # the focal point was told 80 % is used
    warned_spent_at: Mapped[datetime | None]  # … and that it is all used
