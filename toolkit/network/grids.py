"""Grids (网格) under a station: add or change one, the deputies who answer for it, their contacts there."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ToolkitError
from ..core.glossary import CONTACT_MODES
from ..core.principal import acting_name
from ..core.records import fetch
from ..core.scope import scope_of
from .grid_models import Grid, GridContact, GridDeputy
from .models import Deputy, Station

_MOBILE = re.compile(r"^1\d{10}$")          # the contract's words: 11 digits starting with 1
NAME_SEPARATORS = re.compile(r"[、，,；;]+")


@dataclass
class GridData:
    """One grid as a form or a sheet row gives it, checked."""

    name: str
    worker_name: str | None = None
    worker_mobile: str | None = None
    households: int | None = None
    residents: int | None = None
    deputy_ids: list[int] = field(default_factory=list)


def check_grid_name(raw: str | None) -> str:
    """A grid's name, trimmed; ValueError when empty, too long or with a /."""
    name = (raw or "").strip()
    if not name:
        raise ValueError("必填")
    if len(name) > 100:
        raise ValueError("不能超过100个字")
    if "/" in name:
        raise ValueError("名称不能包含「/」")
    return name


def check_worker_mobile(raw: str | None) -> str | None:
    """An 11-digit mobile starting with 1, or None when empty."""
    text = re.sub(r"[\s-]", "", raw or "")
    if not text:
        return None
    if not _MOBILE.match(text):
        raise ValueError(f"「{raw}」不是11位手机号（应以1开头）")
    return text


def check_count(raw: str | int | None) -> int | None:
    """A whole number ≥ 0 (户数, 常住人口), or None when empty."""
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"「{raw}」应为不小于0的整数")
    return int(text)


def deputies_named(session: Session, names) -> dict[str, list[tuple[int, int | None]]]:
    """(id, home station) of every deputy bearing one of these names, by name: one query for a whole sheet."""
    found: dict[str, list[tuple[int, int | None]]] = {}
    for i, name, station in session.execute(select(Deputy.id, Deputy.name, Deputy.station_id)
                                            .where(Deputy.name.in_(set(names))).order_by(Deputy.id)):
        found.setdefault(name, []).append((i, station))
    return found


def seated_named(station_id: int, names: list[str], people: dict) -> tuple[list[int], list[str]]:
    """The deputies seated at the station with these names (`people` from deputies_named), and a Chinese
    problem per name that is not one of them (absent, seated elsewhere, or two of that name)."""
    ids, problems = [], []
    for name in names:
        found = people.get(name, [])
        here = [i for i, s in found if s == station_id]
        if len(here) == 1:
            ids.append(here[0])
        elif len(here) > 1:
            problems.append(f"本站有{len(here)}名代表名为「{name}」，无法区分，请在系统中逐格指定")
        elif found:
            problems.append(f"「{name}」未在本站进站（联系代表须在网格所属站点进站）")
        else:
            problems.append(f"找不到名为「{name}」的代表")
    return ids, problems


def save_grid(session: Session, station_id: int, data: GridData, grid_id: int | None = None) -> Grid:
    """Add a grid to a station, or change one (its deputies replaced by `data.deputy_ids`)."""
    station = fetch(session, Station, station_id)
    grid = fetch(session, Grid, grid_id) if grid_id is not None else None
    stations = {station_id} | ({grid.station_id} if grid else set())
    require(session, "grid.edit", station_id=stations, target=f"{station.name}·{data.name}")
    if station.closed_on is not None:
        raise ToolkitError(f"「{station.name}」已撤销，不能设网格")
    clash = session.scalar(select(Grid.id).where(Grid.station_id == station_id, Grid.name == data.name))
    if clash is not None and clash != grid_id:
        raise ToolkitError(f"「{station.name}」已有名为「{data.name}」的网格")
    _check_seated(session, station_id, data.deputy_ids)
    if grid is None:
        grid = Grid(station_id=station_id, name=data.name)
        session.add(grid)
    grid.station_id, grid.name = station_id, data.name
    grid.worker_name, grid.worker_mobile = data.worker_name, data.worker_mobile
    grid.households, grid.residents = data.households, data.residents
    session.flush()
    set_grid_deputies(session, grid, data.deputy_ids)
    return grid


def _check_seated(session: Session, station_id: int, deputy_ids: list[int]) -> None:
    if not deputy_ids:
        return
    seated = dict(session.execute(select(Deputy.id, Deputy.station_id).where(Deputy.id.in_(deputy_ids))).all())
    away = [i for i in deputy_ids if seated.get(i) != station_id]
    if away:
        names = session.scalars(select(Deputy.name).where(Deputy.id.in_(away))).all()
        raise ToolkitError(f"联系代表须在网格所属站点进站：{'、'.join(names) or '（代表不存在）'}不在本站")


def set_grid_deputies(session: Session, grid: Grid, deputy_ids: list[int]) -> None:
    """Replace the grid's deputies (in the caller's transaction; permission checked by the caller)."""
    current = set(session.scalars(select(GridDeputy.deputy_id).where(GridDeputy.grid_id == grid.id)))
    wanted = set(deputy_ids)
    if wanted - current:
        session.execute(insert(GridDeputy.__table__), [{"grid_id": grid.id, "deputy_id": d} for d in wanted - current])
    if current - wanted:
        session.execute(delete(GridDeputy).where(GridDeputy.grid_id == grid.id,
                                                 GridDeputy.deputy_id.in_(current - wanted)))


def delete_grid(session: Session, grid_id: int) -> None:
    """Remove a grid with its deputies and contacts."""
    grid = fetch(session, Grid, grid_id)
    require(session, "grid.edit", station_id=grid.station_id, target=grid.name)
    session.delete(grid)
    session.flush()


def leave_other_grids(session: Session, deputy_id: int, station_id: int | None) -> None:
    """A deputy who moves away answers no longer for the grids of the station they leave."""
    away = select(Grid.id).where(Grid.station_id != station_id) if station_id is not None else select(Grid.id)
    session.execute(delete(GridDeputy).where(GridDeputy.deputy_id == deputy_id, GridDeputy.grid_id.in_(away)))


def log_grid_contact(session: Session, grid_id: int, deputy_id: int, day: date, way: str,
                     note: str | None = None) -> GridContact:
    """A deputy's visit, call or meeting in their grid on a day (what 联系超期 is measured by)."""
    grid = fetch(session, Grid, grid_id)
    require(session, "grid.contact", station_id=grid.station_id, deputy_id=deputy_id, target=grid.name)
    if way not in CONTACT_MODES:
        raise ToolkitError(f"联系方式应为{'、'.join(CONTACT_MODES)}之一")
    if day > date.today():
        raise ToolkitError("联系日期不能晚于今天")
    if session.get(GridDeputy, (grid_id, deputy_id)) is None:
        raise ToolkitError(f"该代表不是「{grid.name}」的联系代表")
    contact = GridContact(grid_id=grid_id, deputy_id=deputy_id, day=day, way=way,
                          note=(note or "").strip() or None, actor=acting_name(session))
    session.add(contact)
    session.flush()
    return contact


def station_grids(session: Session, station_id: int) -> list[dict]:
    """The grids of one station, by name, each with its deputies' names (for the app's table)."""
    grids = session.scalars(select(Grid).where(Grid.station_id == station_id,
                                               scope_of(session).where(station=Grid.station_id))
                            .order_by(Grid.name)).all()
    names: dict[int, list[str]] = {}
    for gid, name in session.execute(select(GridDeputy.grid_id, Deputy.name).join(Deputy)
                                     .where(GridDeputy.grid_id.in_([g.id for g in grids]))
                                     .order_by(Deputy.stroke_key)):
        names.setdefault(gid, []).append(name)
    return [{"id": g.id, "网格": g.name, "网格员": g.worker_name or "", "网格员手机": g.worker_mobile or "",
             "户数": g.households, "常住人口": g.residents, "联系代表": "、".join(names.get(g.id, []))}
            for g in grids]


def grid_deputy_ids(session: Session, grid_id: int) -> list[int]:
    """The deputies who answer for a grid."""
    return list(session.scalars(select(GridDeputy.deputy_id).where(GridDeputy.grid_id == grid_id)))


def grid_count(session: Session) -> int:
    """How many grids the user's scope holds."""
    return session.scalar(select(func.count(Grid.id)).where(scope_of(session).where(station=Grid.station_id)))


def seated_deputies(session: Session, station_id: int) -> list[tuple[str, int]]:
    """(name, id) of the deputies seated at a station, by surname strokes: who may answer for its grids."""
    return [(n, i) for n, i in session.execute(select(Deputy.name, Deputy.id).where(Deputy.station_id == station_id)
                                              .order_by(Deputy.stroke_key, Deputy.id))]


def read_grid(session: Session, grid_id: int) -> tuple[int, GridData]:
    """A grid's station and its data as the form shows it (within the user's scope)."""
    grid = fetch(session, Grid, grid_id)
    if not scope_of(session).covers(station_id=grid.station_id):
        raise ToolkitError("该网格不在您管理的站点范围内")
    return grid.station_id, GridData(grid.name, grid.worker_name, grid.worker_mobile, grid.households, grid.residents,
                                     grid_deputy_ids(session, grid_id))


def first_station_with_grids(session: Session) -> int | None:
    """The first station (by id) in the user's scope that has grids: where the 网格 tab opens."""
    return session.scalar(select(Grid.station_id).where(scope_of(session).where(station=Grid.station_id))
                          .order_by(Grid.station_id).limit(1))
