"""Tables of a deputy's duties: activities at stations and who attended, the opinions raised
there, yearly duty records (diary, story, report-back), the service-post rota and the days a
deputy cannot take a turn."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import ACTIVITY_KINDS, DUTY_RECORD_KINDS, SERVICE_POSTS
from ..network import group_models, point_models  # noqa: F401  (the tables an activity may point at)


class Activity(Base):
    """An activity held at a station (接待选民日, 主题活动, 学习培训 …) on a day."""

    __tablename__ = "activity"
    __noun__ = "活动"   # fetch() refuses with 「活动（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("kind", ACTIVITY_KINDS), name="ck_activity_kind"),
        CheckConstraint("citizens_received >= 0", name="ck_activity_citizens"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("deputy_group.id", ondelete="SET NULL", name="fk_activity_group"),
                                                 index=True)   # a 代表小组's activity
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(100))
    theme: Mapped[str | None] = mapped_column(String(100))      # 月度主题
    citizens_received: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ActivityAttendee(Base):
    """A deputy who attended: also the deputy's station visit (进站)."""

    __tablename__ = "activity_attendee"
    __table_args__ = (UniqueConstraint("activity_id", "deputy_id", name="uq_activity_attendee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)


class ActivityCase(Base):
    """An opinion raised at the activity."""

    __tablename__ = "activity_case"
    __table_args__ = (UniqueConstraint("activity_id", "case_id", name="uq_activity_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("citizen_case.id"))


class PointActivity(Base):
    """The activity record of a mobile point (流动联络站), made once when its ledger is drawn up."""

    __tablename__ = "point_activity"

    point_id: Mapped[int] = mapped_column(ForeignKey("mobile_point.id", ondelete="CASCADE"), primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), unique=True)


class DutyRecord(Base):
    """A yearly duty item handed in: a 民情日志, a 履职故事, a 述职交流."""

    __tablename__ = "duty_record"
    __table_args__ = (CheckConstraint(one_of("kind", DUTY_RECORD_KINDS), name="ck_duty_record_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(50))


class RotaTurn(Base):
    """A deputy's turn at a station's service post on a day."""

    __tablename__ = "rota_turn"
    __table_args__ = (
        CheckConstraint(one_of("post", SERVICE_POSTS), name="ck_rota_post"),
        UniqueConstraint("station_id", "day", "post", name="uq_rota_slot"),
        UniqueConstraint("station_id", "day", "deputy_id", name="uq_rota_deputy_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    post: Mapped[str] = mapped_column(String(20))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"))


class Unavailability(Base):
    """A day a deputy marked as unable to take a turn."""

    __tablename__ = "unavailability"
    __table_args__ = (UniqueConstraint("deputy_id", "day", name="uq_unavailability"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(100))
