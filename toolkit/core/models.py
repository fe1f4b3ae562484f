"""The core's own tables: settings a county changed (app_setting) and the holiday calendar
(calendar_day). The audit log's table is in audit_models."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, one_of


class SettingRow(Base):
    """A value a county changed; a setting without a row has its default (core.settings.SETTINGS)."""

    __tablename__ = "app_setting"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


KINDS = {"holiday": "放假", "workday": "调休上班"}


class CalendarDay(Base):
    """An exception to the Monday–Friday week: a holiday, or a weekend day worked (调休上班)."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint(one_of("kind", KINDS), name="ck_calendar_day_kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(40), default="")
