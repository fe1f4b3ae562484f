"""The people who sign in to the apps, each with one role and the scope that role acts in."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..core.base import Base, one_of
from ..core.glossary import ROLES


class AppUser(Base):
    """A login known to the apps. The database insists each role carries the scope it needs:
    a county or station role its station, a department its unit, a deputy their own record."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="ck_app_user_role"),
        CheckConstraint("role NOT IN ('county_admin', 'station_staff') OR station_id IS NOT NULL",
                        name="ck_app_user_station_scope"),
        CheckConstraint("role <> 'department' OR department_id IS NOT NULL", name="ck_app_user_department_scope"),
        CheckConstraint("role <> 'deputy' OR deputy_id IS NOT NULL", name="ck_app_user_deputy_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("station.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"))
    # Where the user hears of their work (toolkit.notify): e-mail first, else a text to a mobile.
    email: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
