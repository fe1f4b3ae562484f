"""代表履职公开页: one page per deputy for citizens — name, levels, station and grids, 接待日, and how the
citizens found the deputy's opinions handled: the share answered by their limit and the share rated
满意 or 基本满意, each with its 95% Wilson interval, shown only once at least MIN_RATED opinions were
rated (a share of three says nothing; FixMyStreet learned it), and never as a ranking (there is no
list of deputies here). Attendance is not shown at all: an absence with its reason is no one's fault.
A county's staff may switch its deputies' pages off."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.errors import NotFound
from ..core.glossary import LEVELS
from ..core.principal import acting_name, is_public_on_postgresql
from ..core.records import fetch
from ..network.grid_models import Grid, GridDeputy
from ..network.models import Deputy, DeputyPageOff, Seat, Station
from ..network.station_index import StationIndex
from .models import Case

MIN_RATED = 10
MONTHS = 12               # the page looks back a year
Z = 1.96                  # 95%
OFF = "该县区暂未开放代表履职公开页"


def wilson(k: int, n: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of k successes in n (a share near 0 or 1 of a small n stays honest)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Share:
    """A share with its interval, as the page words it."""

    k: int
    n: int

    @property
    def text(self) -> str:
        low, high = wilson(self.k, self.n)
        return f"{self.k / self.n:.0%}（{self.k}/{self.n}，95%置信区间 {low:.0%}–{high:.0%}）"


def _counts(session: Session, token: str, since: date, deputy_id: int) -> tuple[int, int, int, int, int]:
    if is_public_on_postgresql(session):
        r = session.execute(select(func.public_deputy_record(token, since).table_valued(
            "received", "due", "on_time", "rated", "satisfied"))).one()
        return r.received, r.due, r.on_time, r.rated, r.satisfied
    mine = (Case.deputy_id == deputy_id) & (Case.received_on >= since)
    came_due = Case.deadline.is_not(None) & (Case.answered_on.is_not(None) | (Case.deadline < date.today()))
    return session.execute(select(
        func.count(), func.count().filter(came_due),
        func.count().filter(Case.deadline.is_not(None) & Case.answered_on.is_not(None) & (Case.answered_on <= Case.deadline)),
        func.count(Case.rating), func.count().filter(Case.rating.in_(("满意", "基本满意")))).where(mine)).one()


def public_record(session: Session, token: str, today: date | None = None) -> dict:
    """The public page of the deputy whose QR token this is; NotFound when unknown or switched off."""
    row = session.execute(select(Deputy.id, Deputy.name, Deputy.station_id)
                          .where(Deputy.qr_token == (token or "").strip())).first() if token else None
    if row is None or row.station_id is None:
        raise NotFound("找不到该代表的公开页")
    index = StationIndex.load(session)
    county = index.county(row.station_id)
    if county is not None and session.get(DeputyPageOff, county) is not None:
        raise NotFound(OFF)
    station, reception = session.execute(select(Station.name, Station.reception_days)
                                         .where(Station.id == row.station_id)).one()
    levels = [LEVELS[lv] for lv in LEVELS if lv in set(session.scalars(select(Seat.level).where(Seat.deputy_id == row.id)))]
    grids = list(session.scalars(select(Grid.name).join(GridDeputy, GridDeputy.grid_id == Grid.id)
                                 .where(GridDeputy.deputy_id == row.id).order_by(Grid.name)))
    since = (today or date.today()) - timedelta(days=365 * MONTHS // 12)
    received, due, on_time, rated, satisfied = _counts(session, token, since, row.id)
    shown = rated >= MIN_RATED
    return {"代表": row.name, "层级": "、".join(levels), "联络站": station, "接待日": reception or "", "网格": grids,
            "since": since, "收到意见": received, "shown": shown, "rated": rated, "min_rated": MIN_RATED,
            "按期答复": Share(on_time, due).text if shown and due else "",
            "群众满意": Share(satisfied, rated).text if shown else ""}


def set_deputy_pages(session: Session, county_id: int, on: bool) -> None:
    """Switch a county's deputies' public pages on or off (the county's administrators, the city)."""
    county = fetch(session, Station, county_id)
    require(session, "deputy_page.switch", station_id=county.id, target=county.name)
    off = session.get(DeputyPageOff, county.id)
    if on and off is not None:
        session.delete(off)
    elif not on and off is None:
        session.add(DeputyPageOff(county_id=county.id, switched_at=datetime.now(), switched_by=acting_name(session)))
    session.flush()


def deputy_pages_on(session: Session, county_id: int) -> bool:
    """Whether a county's deputies' public pages are shown."""
    return session.get(DeputyPageOff, county_id) is None
