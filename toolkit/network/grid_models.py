"""Typed tables of the grids (网格) under a station: the grid, its deputies, their contacts there."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import CONTACT_MODES
from . import models as _network  # noqa: F401  (the station and deputy tables this one points at)


class Grid(Base):
    """A grid of a station's area (网格): its households, residents, grid worker (网格员) and deputies."""

    __tablename__ = "grid"
    __noun__ = "网格"
    __table_args__ = (
        UniqueConstraint("station_id", "name", name="uq_grid_station_name"),
        CheckConstraint("households IS NULL OR households >= 0", name="ck_grid_households"),
        CheckConstraint("residents IS NULL OR residents >= 0", name="ck_grid_residents"),
        # 11 digits starting with 1, as the import checks: the database keeps the line too.
        CheckConstraint("worker_mobile IS NULL OR (length(worker_mobile) = 11 AND substr(worker_mobile, 1, 1) = '1')",
                        name="ck_grid_worker_mobile"),
        CheckConstraint("length(name) > 0", name="ck_grid_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    worker_name: Mapped[str | None] = mapped_column(String(50))
    worker_mobile: Mapped[str | None] = mapped_column(String(11))
    households: Mapped[int | None]
    residents: Mapped[int | None]
    boundary: Mapped[str | None] = mapped_column(Text)   # a GeoJSON geometry (WGS-84), when imported
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # two editors: the later is refused

    __mapper_args__ = {"version_id_col": version}


class GridDeputy(Base):
    """A deputy who answers for a grid (联系代表); seated at the grid's station."""

    __tablename__ = "grid_deputy"

    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id", ondelete="CASCADE"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


class GridContact(Base):
    """A deputy's contact with their grid on a day (入网格走访, 网格听事): what 联系超期 is measured by."""

    __tablename__ = "grid_contact"
    __table_args__ = (
        CheckConstraint(one_of("way", CONTACT_MODES), name="ck_grid_contact_way"),
        Index("ix_grid_contact_grid_day", "grid_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grid.id", ondelete="CASCADE"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(50))
