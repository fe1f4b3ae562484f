"""Grid boundaries from a GeoJSON file (what a county's GIS exports): each feature names its grid by
the properties 网格 and 所属站点; its Polygon or MultiPolygon in WGS-84 is kept on the grid for the
map. All or nothing, each problem named by the feature's number."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import ImportRejected, RowError, ToolkitError
from ..core.validation import check_coordinates
from .grid_models import Grid
from .station_index import StationIndex

MAX_BYTES = 20_000_000          # a county's grids with detailed outlines stay far below this


def plan_boundaries(session: Session, data: bytes) -> tuple[dict[int, str], list[RowError]]:
    """grid id → its geometry as JSON, and the problems (feature numbers count from 1); writes nothing."""
    if len(data) > MAX_BYTES:
        raise ToolkitError("文件过大（超过20MB），请按县区分开导入")
    try:
        features = json.loads(data.decode("utf-8-sig")).get("features")
    except (UnicodeDecodeError, ValueError, AttributeError):
        raise ToolkitError("不是有效的 GeoJSON 文件（应为 FeatureCollection，UTF-8 编码）") from None
    if not isinstance(features, list):
        raise ToolkitError("GeoJSON 中没有 features（应为 FeatureCollection）")
    index = StationIndex.load(session)
    grids = {(s, n): i for i, s, n in session.execute(select(Grid.id, Grid.station_id, Grid.name))}
    found, errors = {}, []
    for number, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry") or {}
        name, station = str(props.get("网格", "")).strip(), str(props.get("所属站点", "")).strip()
        try:
            station_id = index.resolve(station) if station else None
        except ValueError as e:
            errors.append(RowError(number, "所属站点", str(e)))
            continue
        grid_id = grids.get((station_id, name))
        if grid_id is None:
            errors.append(RowError(number, "网格", f"找不到「{station}」下名为「{name}」的网格（请先导入网格表）"))
            continue
        problem = _geometry_problem(geometry)
        if problem:
            errors.append(RowError(number, "geometry", problem))
        else:
            found[grid_id] = json.dumps({"type": geometry["type"], "coordinates": geometry["coordinates"]})
    return found, errors


def _geometry_problem(geometry: dict) -> str | None:
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return f"几何类型应为 Polygon 或 MultiPolygon（而不是 {kind}）"
    polygons = [geometry.get("coordinates")] if kind == "Polygon" else geometry.get("coordinates") or []
    try:
        points = [pt for polygon in polygons for ring in polygon for pt in ring]
        for lon, lat, *_ in points[:: max(1, len(points) // 20)] or [(None, None)]:
            check_coordinates(lon, lat)
    except ValueError as e:
        return e.args[-1] if len(e.args) == 2 else "坐标格式有误"
    except TypeError:
        return "坐标格式有误"
    return None


def apply_boundaries(session: Session, data: bytes) -> int:
    """Keep every feature's boundary on its grid, or none (ImportRejected names the problems)."""
    found, errors = plan_boundaries(session, data)
    if errors:
        raise ImportRejected(errors)
    grids = session.scalars(select(Grid).where(Grid.id.in_(list(found)))).all()
    require(session, "grid.import", station_id={g.station_id for g in grids} or None, target=f"{len(grids)}个网格边界")
    for g in grids:
        g.boundary = found[g.id]
    return len(grids)
