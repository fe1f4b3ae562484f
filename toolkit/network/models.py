"""Typed tables of the station network and the deputies; no queries live here."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.base import Base, one_of
from ..core.glossary import COMMITTEE_ROLES, GENDERS, LEVELS, STATION_KINDS


class Station(Base):
    """A node of the station network (阵地): 总站, 中心站, 联络站, 联络点 and the rest."""

    __tablename__ = "station"
    __noun__ = "联络站"   # fetch() refuses with 「联络站（编号…）不存在」
    __table_args__ = (
        UniqueConstraint("parent_id", "name", name="uq_station_sibling_name"),
        CheckConstraint(one_of("kind", STATION_KINDS), name="ck_station_kind"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="ck_station_not_own_parent"),
        # WGS-84 degrees within China's extent, both or neither (see README: 坐标系).
        CheckConstraint("(longitude IS NULL) = (latitude IS NULL)", name="ck_station_coordinates_pair"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN 73 AND 136 AND latitude BETWEEN 3 AND 54)",
                        name="ck_station_coordinates_china"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    head: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    closed_on: Mapped[date | None] = mapped_column(Date)
    reception_days: Mapped[str | None] = mapped_column(String(60))   # 接待日, as the station words it
    longitude: Mapped[float | None] = mapped_column(Float)            # 经度, WGS-84
    latitude: Mapped[float | None] = mapped_column(Float)             # 纬度, WGS-84
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # two editors: the later is refused

    __mapper_args__ = {"version_id_col": version}


class Deputy(Base):
    """A person who holds one or more deputy seats (代表)."""

    __tablename__ = "deputy"
    __noun__ = "代表"   # fetch() refuses with 「代表（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("gender", GENDERS), name="ck_deputy_gender"),
        CheckConstraint(f"committee_role IS NULL OR {one_of('committee_role', COMMITTEE_ROLES)}",
                        name="ck_deputy_committee_role"),
        Index("ix_deputy_pinyin_key", "pinyin_key"),
        Index("ix_deputy_stroke_key", "stroke_key"),
        Index("ix_deputy_qr_token", "qr_token", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(2))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    birth_month: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    party: Mapped[str | None] = mapped_column(String(20))
    workplace: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(120))
    specialty: Mapped[str | None] = mapped_column(String(100))
    is_reelected: Mapped[bool | None]
    is_leader: Mapped[bool | None]
    is_resident: Mapped[bool] = mapped_column(default=False)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"), index=True)
    qr_token: Mapped[str | None] = mapped_column(String(32))  # opaque, for QR links
    committee_role: Mapped[str | None] = mapped_column(String(10))  # 常委会组成人员 / 常委会领导
    # ICU collation keys, stored so the database can sort and page (bytes compare in order).
    pinyin_key: Mapped[bytes] = mapped_column(LargeBinary)
    stroke_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now())
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # two editors: the later is refused

    __mapper_args__ = {"version_id_col": version}

    seats: Mapped[list[Seat]] = relationship(
        back_populates="deputy", cascade="all, delete-orphan", order_by="Seat.id")


class Seat(Base):
    """One seat a deputy holds: a level, a term (届次) and a district (选区)."""

    __tablename__ = "seat"
    __table_args__ = (
        UniqueConstraint("deputy_id", "level", name="uq_seat_deputy_level"),
        CheckConstraint(one_of("level", LEVELS), name="ck_seat_level"),
        Index("ix_seat_level_deputy", "level", "deputy_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(10))
    term: Mapped[str | None] = mapped_column(String(30))
    district: Mapped[str | None] = mapped_column(String(100))

    deputy: Mapped[Deputy] = relationship(back_populates="seats")


class EnrolmentMove(Base):
    """One enrolment or move of a deputy between home stations: who, when, from, to."""

    __tablename__ = "enrolment_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    deputy_id: Mapped[int] = mapped_column(
        ForeignKey("deputy.id", ondelete="CASCADE"), index=True)
    from_station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    to_station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    moved_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)


class Department(Base):
    """A unit that takes cases on (承办单位)."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    contact: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    # Where notifications go (toolkit.notify): an e-mail address and a 企业微信/钉钉 group robot's address.
    email: Mapped[str | None] = mapped_column(String(120))
    robot_url: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)


class DeputyPageOff(Base):
    """A county whose staff switched the deputies' public pages (代表履职公开页) off: present means off."""

    __tablename__ = "deputy_page_off"

    county_id: Mapped[int] = mapped_column(ForeignKey("station.id", ondelete="CASCADE"), primary_key=True)
    switched_at: Mapped[datetime] = mapped_column(DateTime)
    switched_by: Mapped[str] = mapped_column(String(50))
