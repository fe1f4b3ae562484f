"""Tables of the mentoring pairings (三联结对), and their contact log."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import CONTACT_MODES, PAIRING_KINDS

ACTIVE = text("ended_on IS NULL")


class Pairing(Base):
    """A mentor → mentee link of one kind (for 包联 the mentee is a township station)."""

    __tablename__ = "pairing"
    __noun__ = "结对"   # fetch() refuses with 「结对（编号…）不存在」
    __table_args__ = (
        CheckConstraint(one_of("kind", PAIRING_KINDS), name="ck_pairing_kind"),
        CheckConstraint("mentee_id IS NULL OR mentee_id <> mentor_id", name="ck_pairing_not_self"),
        CheckConstraint("(kind = 'leader_township') = (station_id IS NOT NULL AND mentee_id IS NULL)",
                        name="ck_pairing_target"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ck_pairing_dates"),
        # At most one active mentor of each kind per deputy, one active leader per township.
        Index("uq_pairing_active_mentee", "mentee_id", "kind", unique=True,
              sqlite_where=ACTIVE, postgresql_where=ACTIVE),
        Index("uq_pairing_active_station", "station_id", "kind", unique=True,
              sqlite_where=ACTIVE, postgresql_where=ACTIVE),
        Index("ix_pairing_mentor", "mentor_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"))
    mentee_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(50))


class ContactLog(Base):
    """One contact between the two sides of a pairing (联系记录)."""

    __tablename__ = "contact_log"
    __table_args__ = (CheckConstraint(one_of("mode", CONTACT_MODES), name="ck_contact_mode"),
                      Index("ix_contact_pairing_day", "pairing_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    logged_by: Mapped[str] = mapped_column(String(50))
    logged_at: Mapped[datetime] = mapped_column(DateTime)
