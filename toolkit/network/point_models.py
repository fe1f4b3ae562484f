"""Typed tables of the mobile points (流动联络站/联络点): a time-boxed place, its deputies on duty."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, Float, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base
from . import models as _network  # noqa: F401  (the station and deputy tables this one points at)


class MobilePoint(Base):
    """A mobile point set up by a station at a market, a square or in the fields, open on some days,
    with its own QR code: opinions left there carry the point."""

    __tablename__ = "mobile_point"
    __noun__ = "流动联络站"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="ck_mobile_point_days"),
        CheckConstraint("length(name) > 0 AND length(place) > 0", name="ck_mobile_point_named"),
        CheckConstraint("(longitude IS NULL) = (latitude IS NULL)", name="ck_mobile_point_coordinates_pair"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN 73 AND 136 AND latitude BETWEEN 3 AND 54)",
                        name="ck_mobile_point_coordinates_china"),
        Index("ix_mobile_point_qr_token", "qr_token", unique=True),
        Index("ix_mobile_point_days", "opens_on", "closes_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)   # the station that runs it
    name: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[str | None] = mapped_column(String(60))              # 如 上午8:00—11:30
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    qr_token: Mapped[str] = mapped_column(String(32))                  # opaque, for its QR code
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class MobilePointDeputy(Base):
    """A deputy on duty at a mobile point."""

    __tablename__ = "mobile_point_deputy"

    point_id: Mapped[int] = mapped_column(ForeignKey("mobile_point.id", ondelete="CASCADE"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id", ondelete="CASCADE"), primary_key=True, index=True)
