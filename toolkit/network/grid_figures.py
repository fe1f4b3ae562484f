"""Coverage of the grids: which have a deputy to go to, and which have not seen one for N days (联系超期).

The database counts and sums per station; Python only joins the station paths (hundreds of rows)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..core.scope import scope_of
from ..core.settings import get_setting
from .grid_models import Grid, GridContact, GridDeputy
from .models import Deputy
from .station_index import StationIndex

COVERAGE_FIELDS = ("站点", "网格数", "有联系代表", "无联系代表", "户数", "常住人口", "无联系代表网格")
QUIET_DAYS_SETTING = "grid_contact_overdue_days"


def _stations(session: Session, index: StationIndex, station: str | int | None):
    """The station ids a filter means (a path or name, or an id: its whole subtree), None for all."""
    if station is None or station == "":
        return None
    if isinstance(station, int):
        return index.subtree(station)
    try:
        return index.subtree(index.resolve(station))
    except ValueError as e:
        raise ToolkitError(str(e)) from None


def grid_coverage(session: Session, station: str | int | None = None) -> list[dict]:
    """One row per station that has grids (within the user's scope, under `station` if given), by path."""
    index = StationIndex.load(session)
    wanted = _stations(session, index, station)
    covered = exists().where(GridDeputy.grid_id == Grid.id)
    keep = scope_of(session).where(station=Grid.station_id)
    if wanted is not None:
        keep = keep & Grid.station_id.in_(wanted)
    figures = session.execute(
        select(Grid.station_id, func.count(Grid.id), func.count(Grid.id).filter(covered),
               func.coalesce(func.sum(Grid.households), 0), func.coalesce(func.sum(Grid.residents), 0))
        .where(keep).group_by(Grid.station_id)).all()
    bare: dict[int, list[str]] = {}
    for sid, name in session.execute(select(Grid.station_id, Grid.name).where(keep, ~covered)):
        bare.setdefault(sid, []).append(name)
    rows = [{"站点": index.path(sid), "网格数": n, "有联系代表": c, "无联系代表": n - c,
             "户数": int(h), "常住人口": int(p), "无联系代表网格": sorted(bare.get(sid, []))}
            for sid, n, c, h, p in figures]
    return sorted(rows, key=lambda r: r["站点"])


def quiet_days(session: Session) -> int:
    """After how many days without a contact a grid counts as 联系超期 (setting, default 60)."""
    return get_setting(session, QUIET_DAYS_SETTING)


def quiet_grids(session: Session, days: int | None = None, as_of: date | None = None,
                station: str | int | None = None) -> list[dict]:
    """Grids with deputies none of whom has recorded a contact there within `days` days of `as_of`,
    longest silence first (a grid never visited first of all)."""
    days = quiet_days(session) if days is None else days
    as_of = as_of or date.today()
    index = StationIndex.load(session)
    wanted = _stations(session, index, station)
    keep = scope_of(session).where(station=Grid.station_id) & exists().where(GridDeputy.grid_id == Grid.id)
    if wanted is not None:
        keep = keep & Grid.station_id.in_(wanted)
    last = (select(GridContact.grid_id, func.max(GridContact.day).label("day"))
            .where(GridContact.day <= as_of).group_by(GridContact.grid_id).subquery())
    rows = session.execute(
        select(Grid.id, Grid.station_id, Grid.name, last.c.day).outerjoin(last, last.c.grid_id == Grid.id)
        .where(keep, (last.c.day.is_(None)) | (last.c.day < as_of - timedelta(days=days)))).all()
    names: dict[int, list[str]] = {}
    for gid, name in session.execute(select(GridDeputy.grid_id, Deputy.name).join(Deputy)
                                     .where(GridDeputy.grid_id.in_([r[0] for r in rows]))
                                     .order_by(Deputy.stroke_key)):
        names.setdefault(gid, []).append(name)
    out = [{"id": gid, "站点": index.path(sid), "网格": name, "联系代表": "、".join(names.get(gid, [])),
            "最近联系": day, "未联系天数": (as_of - day).days if day else None}
           for gid, sid, name, day in rows]
    return sorted(out, key=lambda r: (r["最近联系"] is not None, r["最近联系"] or as_of, r["站点"], r["网格"]))
