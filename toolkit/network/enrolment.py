"""Enrolment (编组进站): a deputy's home station and the history of moves."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..core.access import require
from ..core.errors import ToolkitError
from ..core.principal import acting_name
from ..core.records import fetch
from .grids import leave_other_grids
from .models import Deputy, EnrolmentMove, Station


def record_move(session: Session, deputy: Deputy, station_id: int | None,
                note: str | None = None, at: datetime | None = None) -> None:
    """Set the home station and keep the move in the history (no-op if unchanged)."""
    actor = acting_name(session)
    if deputy.station_id == station_id:
        return
    session.add(EnrolmentMove(deputy_id=deputy.id, from_station_id=deputy.station_id,
                              to_station_id=station_id, moved_at=at or datetime.now(),
                              actor=actor, note=note))
    deputy.station_id = station_id
    if deputy.id is not None:
        leave_other_grids(session, deputy.id, station_id)
    if station_id is None:
        deputy.is_resident = False


def enrol(session: Session, deputy_id: int, station_id: int,
          note: str | None = None) -> None:
    """Enrol a deputy into a home station, or move them to another one."""
    deputy, station = fetch(session, Deputy, deputy_id), fetch(session, Station, station_id)
    if station.closed_on is not None:
        raise ToolkitError(f"「{station.name}」已撤销，不能编组进站")
    require(session, "deputy.enrol", station_id=[deputy.station_id, station_id], target=deputy.name)
    if deputy.station_id == station_id:
        raise ToolkitError(f"{deputy.name}已在「{station.name}」，无需调整")
    deputy.is_resident = False  # resident status belongs to the old station
    record_move(session, deputy, station_id, note)


def unenrol(session: Session, deputy_id: int, note: str | None = None) -> None:
    """Take a deputy out of their station (e.g. the seat ended); the history keeps it."""
    deputy = fetch(session, Deputy, deputy_id)
    if deputy.station_id is None:
        raise ToolkitError(f"{deputy.name}尚未编组进站")
    require(session, "deputy.enrol", station_id=deputy.station_id, target=deputy.name)
    record_move(session, deputy, None, note)


def move_history(session: Session, deputy_id: int) -> pd.DataFrame:
    """Every enrolment and move of a deputy, newest first: who, when, from, to."""
    src, dst = aliased(Station), aliased(Station)
    rows = session.execute(
        select(EnrolmentMove.moved_at, EnrolmentMove.actor, src.name, dst.name,
               EnrolmentMove.note)
        .outerjoin(src, EnrolmentMove.from_station_id == src.id)
        .outerjoin(dst, EnrolmentMove.to_station_id == dst.id)
        .where(EnrolmentMove.deputy_id == deputy_id)
        .order_by(EnrolmentMove.moved_at.desc(), EnrolmentMove.id.desc())).all()
    df = pd.DataFrame(rows, columns=["时间", "操作人", "原联络站", "新联络站", "说明"])
    return df.fillna({"原联络站": "（未进站）", "新联络站": "（移出）", "说明": ""})
