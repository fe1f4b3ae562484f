"""Who may see or touch which records, written once: a user's scope is everything (the city,
trusted code), a set of stations (station roles and scoped analysts: their subtree), one
department, one deputy, or nothing (the public). An analyst reads, never writes (no rule in
access_rules names them), and never sees personal data (toolkit/core/personal_data.py). Queries apply it with `where(...)`; rules check one record with `covers(...)`.

Each record says which of its columns place it (a case has a station, a department and a deputy;
a deputy has a home station and is a deputy); a scope the record has no column for sees nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, true
from sqlalchemy.orm import Session

from .access_rules import ANALYST, CITY, DEPT, DEPUTY, STATION_ROLES
from .errors import ToolkitError
from .principal import Principal, principal_of


@dataclass(frozen=True)
class Scope:
    """What one user's reads and scoped writes are limited to."""

    everything: bool = False
    stations: frozenset[int] | None = None
    department_id: int | None = None
    deputy_id: int | None = None

    @classmethod
    def of(cls, p: Principal | None) -> Scope:
        """The scope of a principal; None is trusted code (the CLI's owner, migrations, tests)."""
        if p is None or p.role == CITY:
            return cls(everything=True)
        if p.role in STATION_ROLES:
            return cls(stations=frozenset(p.stations))
        if p.role == ANALYST:                           # reads only: the city, or a subtree when given one
            return cls(everything=True) if p.station_id is None else cls(stations=frozenset(p.stations))
        if p.role == DEPT:
            return cls(department_id=p.department_id)
        if p.role == DEPUTY:
            return cls(deputy_id=p.deputy_id)
        return cls()                                    # the public: no records

    def where(self, *, station=None, department=None, deputy=None):
        """The SQL condition keeping a query's rows to this scope, given the columns that place them."""
        if self.everything:
            return true()
        if self.stations is not None:
            return station.in_(self.stations) if station is not None else false()
        if self.department_id is not None:
            return department == self.department_id if department is not None else false()
        if self.deputy_id is not None:
            return deputy == self.deputy_id if deputy is not None else false()
        return false()

    def covers(self, *, station_id=None, department_id=None, deputy_id=None) -> bool:
        """Whether one record, placed by these ids, lies in this scope (the same rule as `where`)."""
        if self.everything:
            return True
        if self.stations is not None:
            return station_id is not None and station_id in self.stations
        if self.department_id is not None:
            return department_id is not None and department_id == self.department_id
        if self.deputy_id is not None:
            return deputy_id is not None and deputy_id == self.deputy_id
        return False


def scope_of(session: Session) -> Scope:
    """The scope of the user this session acts for."""
    return Scope.of(principal_of(session))


def require_read(session: Session, *, station_id: int | None = None, deputy_id: int | None = None,
                 deputy_station: int | None = None, what: str = "") -> None:
    """Refuse a read outside the user's scope, as the case list does: the city reads all, station
    roles their stations (a deputy by their home station), a deputy themself, nobody else."""
    p = principal_of(session)
    station = deputy_station if deputy_id is not None else station_id
    if Scope.of(p).covers(station_id=station, deputy_id=deputy_id):
        return
    raise ToolkitError(f"无权查看{what}：对象不在您的范围内。（当前用户：{p.label}）")
