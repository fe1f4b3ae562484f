"""找联络站: what a citizen's phone is shown — the stations by district, each with its address, 接待日
and the deputies on duty in the coming days; nearest first when the phone gives its place. Public
facts only (no phone number, no person's own contact); the place a phone sends is used for the order
and kept nowhere."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.glossary import kind_label
from .models import Station
from .station_index import StationIndex

SHOWN_KINDS = ("county_center", "deputy_home", "township_station", "village_point")
NEAREST = 20


@dataclass
class FoundStation:
    """One station as the page lists it."""

    id: int
    name: str
    kind: str
    address: str | None
    reception_days: str | None
    longitude: float | None
    latitude: float | None
    district: str
    on_duty: list[tuple[date, str]] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def kind_label(self) -> str:
        """The kind in words."""
        return kind_label(self.kind)


def districts(session: Session) -> list[tuple[int, str, int]]:
    """(county centre id, name, open stations under it) for each county, in tree order."""
    index = StationIndex.load(session)
    out = []
    for sid in index.ordered():
        row = index.by_id[sid]
        if row.kind == "county_center" and not row.closed:
            n = sum(1 for s in index.subtree(sid) if index.by_id[s].kind in SHOWN_KINDS and not index.by_id[s].closed)
            out.append((sid, row.name, n))
    return out


def stations_in(session: Session, district_id: int) -> list[FoundStation]:
    """The open stations of a district, in tree order (their deputies on duty: duty.rota.on_duty)."""
    index = StationIndex.load(session)
    if district_id not in index.by_id or index.by_id[district_id].kind != "county_center":
        return []
    under = set(index.subtree(district_id))
    return _found(session, index, [i for i in index.ordered() if i in under])      # parents before children


def nearest(session: Session, longitude: float, latitude: float, limit: int = NEAREST) -> list[FoundStation]:
    """The `limit` open stations with coordinates nearest the point, nearest first (great-circle km)."""
    index = StationIndex.load(session)
    placed = session.execute(select(Station.id, Station.longitude, Station.latitude)
                             .where(Station.longitude.is_not(None), Station.closed_on.is_(None),
                                    Station.kind.in_(SHOWN_KINDS))).all()
    ranked = sorted(placed, key=lambda r: _km(longitude, latitude, r[1], r[2]))[:limit]
    found = {f.id: f for f in _found(session, index, [r[0] for r in ranked])}
    out = []
    for sid, lon, lat in ranked:
        found[sid].distance_km = round(_km(longitude, latitude, lon, lat), 1)
        out.append(found[sid])
    return out


def _found(session: Session, index: StationIndex, ids: list[int]) -> list[FoundStation]:
    wanted = [i for i in ids if index.by_id[i].kind in SHOWN_KINDS and not index.by_id[i].closed]
    rows = {r[0]: r for r in session.execute(
        select(Station.id, Station.name, Station.kind, Station.address, Station.reception_days, Station.longitude,
               Station.latitude).where(Station.id.in_(wanted)))}
    out = []
    for sid in wanted:
        county = index.county(sid)
        district = index.by_id[county].name if county else ""
        out.append(FoundStation(*rows[sid], district=district))
    return out


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
