"""Services of the station network: add, rename, move, close, and the tree as a table."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ToolkitError
from ..core.glossary import MAIN_KIND_RANK, STATION_KINDS, kind_label
from ..core.records import fetch
from .models import Deputy, Station
from .station_index import StationIndex


def get_station(session: Session, station_id: int) -> Station:
    """The station or NotFound."""
    return fetch(session, Station, station_id)


def check_placement(kind: str, parent_kind: str | None) -> None:
    """Refuse a kind under a parent where the network does not put it."""
    if kind not in STATION_KINDS:
        raise ToolkitError(f"站点类型「{kind}」不存在")
    if parent_kind is None:
        if kind not in ("city_hub", "county_center"):
            raise ToolkitError(f"{kind_label(kind)}必须有上级站点")
        return
    if kind == "city_hub":
        raise ToolkitError("市级总站只能是网络的顶层，不能有上级站点")
    if kind in MAIN_KIND_RANK and parent_kind in MAIN_KIND_RANK:
        if MAIN_KIND_RANK[parent_kind] >= MAIN_KIND_RANK[kind]:
            raise ToolkitError(
                f"{kind_label(kind)}不能设在{kind_label(parent_kind)}之下")
    elif kind in MAIN_KIND_RANK and parent_kind not in MAIN_KIND_RANK:
        raise ToolkitError(f"{kind_label(kind)}不能设在{kind_label(parent_kind)}之下")


def _check_sibling_name(session: Session, name: str, parent_id: int | None, own_id=None) -> None:
    same_parent = (Station.parent_id.is_(None) if parent_id is None
                   else Station.parent_id == parent_id)
    clash = session.scalar(select(Station.id).where(Station.name == name, same_parent))
    if clash is not None and clash != own_id:
        raise ToolkitError(f"同一上级下已有名为「{name}」的站点")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ToolkitError("站点名称不能为空")
    if "/" in name:
        raise ToolkitError("站点名称不能包含「/」（它用来书写路径）")
    if len(name) > 100:
        raise ToolkitError("站点名称不能超过100个字")
    return name


def add_station(session: Session, name: str, kind: str, parent_id: int | None = None,
                address: str | None = None, head: str | None = None,
                phone: str | None = None) -> int:
    """Add a station under `parent_id` (None for a root); returns its id."""
    name = _clean_name(name)
    parent = get_station(session, parent_id) if parent_id is not None else None
    if parent is not None and parent.closed_on is not None:
        raise ToolkitError(f"上级站点「{parent.name}」已撤销，不能在其下新增站点")
    check_placement(kind, parent.kind if parent else None)
    require(session, "station.edit", station_id=parent_id, target=name)
    _check_sibling_name(session, name, parent_id)
    station = Station(name=name, kind=kind, parent_id=parent_id, address=address or None,
                      head=head or None, phone=phone or None)
    session.add(station)
    session.flush()
    return station.id


def rename_station(session: Session, station_id: int, new_name: str) -> None:
    """Give a station a new name, unique among its siblings."""
    station = get_station(session, station_id)
    require(session, "station.edit", station_id=station_id, target=station.name)
    new_name = _clean_name(new_name)
    _check_sibling_name(session, new_name, station.parent_id, own_id=station.id)
    station.name = new_name


def move_station(session: Session, station_id: int, new_parent_id: int) -> None:
    """Put a station (with its subtree) under another parent; no cycles."""
    station = get_station(session, station_id)
    parent = get_station(session, new_parent_id)
    require(session, "station.edit", station_id=[station_id, new_parent_id], target=station.name)
    index = StationIndex.load(session)
    if new_parent_id in index.subtree(station_id):
        raise ToolkitError(f"不能把「{station.name}」移到它自己或它的下级站点之下")
    if parent.closed_on is not None:
        raise ToolkitError(f"「{parent.name}」已撤销，不能作为上级站点")
    check_placement(station.kind, parent.kind)
    _check_sibling_name(session, station.name, new_parent_id, own_id=station.id)
    station.parent_id = new_parent_id


def close_station(session: Session, station_id: int, on: date | None = None) -> None:
    """Close (撤销) a station that no longer has open sub-stations or enrolled deputies."""
    station = get_station(session, station_id)
    require(session, "station.edit", station_id=station_id, target=station.name)
    if station.closed_on is not None:
        raise ToolkitError(f"「{station.name}」已于{station.closed_on}撤销")
    open_children = session.scalar(select(func.count()).select_from(Station).where(
        Station.parent_id == station_id, Station.closed_on.is_(None)))
    if open_children:
        raise ToolkitError(f"「{station.name}」下还有{open_children}个未撤销的站点，请先移走或撤销")
    enrolled = session.scalar(select(func.count()).select_from(Deputy).where(
        Deputy.station_id == station_id))
    if enrolled:
        raise ToolkitError(f"「{station.name}」还有{enrolled}名代表编组在站，请先调整到其他联络站")
    station.closed_on = on or date.today()


def station_tree(session: Session, include_closed: bool = True) -> pd.DataFrame:
    """Every station in tree order with depth, path and the deputies enrolled there."""
    index = StationIndex.load(session)
    counts = dict(session.execute(
        select(Deputy.station_id, func.count()).where(Deputy.station_id.is_not(None))
        .group_by(Deputy.station_id)).all())
    rows = []
    for sid in index.ordered():
        r = index.by_id[sid]
        if r.closed and not include_closed:
            continue
        rows.append({"id": sid, "名称": r.name, "类型": kind_label(r.kind), "kind": r.kind,
                     "depth": index.depth(sid), "路径": index.path(sid),
                     "在站代表": counts.get(sid, 0), "已撤销": r.closed,
                     "parent_id": r.parent_id})
    return pd.DataFrame(rows, columns=["id", "名称", "类型", "kind", "depth", "路径",
                                       "在站代表", "已撤销", "parent_id"])
