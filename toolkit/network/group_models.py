"""Typed tables of the deputy groups (代表小组): by township or by field, a leader (组长), members across levels."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import GROUP_KINDS
from . import models as _network  # noqa: F401  (the station and deputy tables this one points at)


class DeputyGroup(Base):
    """A deputy group: its kind (乡镇 or 专业领域), the station it meets at, its leader."""

    __tablename__ = "deputy_group"
    __noun__ = "代表小组"
    __table_args__ = (
        CheckConstraint(one_of("kind", GROUP_KINDS), name="ck_deputy_group_kind"),
        CheckConstraint("length(name) > 0", name="ck_deputy_group_name"),
        UniqueConstraint("station_id", "name", name="uq_deputy_group_station_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)   # where it meets; its scope
    field: Mapped[str | None] = mapped_column(String(60))                          # 专业领域, for a field group
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class DeputyGroupMember(Base):
    """A deputy in a group (of any level)."""

    __tablename__ = "deputy_group_member"

    group_id: Mapped[int] = mapped_column(ForeignKey("deputy_group.id", ondelete="CASCADE"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id", ondelete="CASCADE"), primary_key=True, index=True)
