"""What the map shows, from the database: stations with coordinates (pins), the opinions received
at each in a period (counts only, never a citizen's place: a count under 5 is shown as 「<5」), and
the grids whose boundaries were imported (areas). Drawn by toolkit.formats.svg_map."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ..core.glossary import kind_label
from ..core.scope import scope_of
from .grid_models import Grid, GridDeputy
from .models import Station
from .point_models import MobilePoint
from .station_index import StationIndex

SMALL = 5        # a count below this is shown as 「<5」: a handful of opinions can point at a household


@dataclass(frozen=True)
class Pin:
    """A station on the map."""

    id: int
    name: str
    kind: str
    longitude: float
    latitude: float
    opinions: int
    reception_days: str | None = None

    @property
    def shown_count(self) -> str:
        """The opinions as the map may show them."""
        return "<5" if 0 < self.opinions < SMALL else str(self.opinions)

    @property
    def label(self) -> str:
        """The pin's hover text."""
        if self.kind == "project":
            return f"民生实事项目：{self.name}"
        kind = "流动联络站" if self.kind == "mobile" else kind_label(self.kind)
        return f"{self.name}（{kind}）：意见{self.shown_count}件"


@dataclass(frozen=True)
class Area:
    """A grid drawn from its imported boundary."""

    name: str
    station: str
    rings: list[list[tuple[float, float]]]
    covered: bool
    opinions: int = 0

    @property
    def shown_count(self) -> str:
        """The opinions handed on from the grid, as the map may show them (「<5」 under five)."""
        return "<5" if 0 < self.opinions < SMALL else str(self.opinions)


def map_pins(session: Session, opinions: dict[int, int], station: int | None = None) -> list[Pin]:
    """The stations with coordinates in the user's scope (under `station` if given), each with its
    count from `opinions` (station id → opinions; the cases area counts them: cases.stats)."""
    index = StationIndex.load(session)
    keep = scope_of(session).where(station=Station.id) & Station.longitude.is_not(None) & Station.closed_on.is_(None)
    if station is not None:
        keep = keep & Station.id.in_(index.subtree(station))
    rows = session.execute(select(Station.id, Station.name, Station.kind, Station.longitude, Station.latitude,
                                  Station.reception_days).where(keep).order_by(Station.id))
    return [Pin(i, n, k, lon, lat, opinions.get(i, 0), days) for i, n, k, lon, lat, days in rows]


def point_pins(session: Session, opinions: dict[int, int], station: int | None = None,
               today: date | None = None) -> list[Pin]:
    """The mobile points with coordinates open now or in the coming week (kind "mobile"), each with its count."""
    today = today or date.today()
    keep = (scope_of(session).where(station=MobilePoint.station_id) & MobilePoint.longitude.is_not(None)
            & (MobilePoint.closes_on >= today) & (MobilePoint.opens_on <= today + timedelta(days=7)))
    if station is not None:
        keep = keep & MobilePoint.station_id.in_(StationIndex.load(session).subtree(station))
    rows = session.execute(select(MobilePoint.id, MobilePoint.name, MobilePoint.longitude, MobilePoint.latitude,
                                  MobilePoint.hours).where(keep).order_by(MobilePoint.id))
    return [Pin(i, n, "mobile", lon, lat, opinions.get(i, 0), hours) for i, n, lon, lat, hours in rows]


def map_areas(session: Session, station: int | None = None, opinions: dict[int, int] | None = None) -> list[Area]:
    """The grids with an imported boundary (GeoJSON Polygon or MultiPolygon) in the user's scope, each
    with its count from `opinions` (grid id → opinions; cases.stats.opinions_by_grid)."""
    index = StationIndex.load(session)
    keep = scope_of(session).where(station=Grid.station_id) & Grid.boundary.is_not(None)
    if station is not None:
        keep = keep & Grid.station_id.in_(index.subtree(station))
    covered = exists().where(GridDeputy.grid_id == Grid.id)
    out = []
    for gid, name, sid, boundary, has in session.execute(select(Grid.id, Grid.name, Grid.station_id, Grid.boundary,
                                                                covered).where(keep)):
        out.append(Area(name, index.by_id[sid].name, rings_of(json.loads(boundary)), bool(has),
                        (opinions or {}).get(gid, 0)))
    return out


def rings_of(geometry: dict) -> list[list[tuple[float, float]]]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon, as (longitude, latitude) pairs."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    return [[(float(x), float(y)) for x, y, *_ in polygon[0]] for polygon in polygons if polygon]
