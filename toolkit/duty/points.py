"""Duty points (履职积分): each measure's count in the period times its weight from the rule file,
summed per deputy, ranked within each county (the deputy's 中心站) and within each level."""
from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..core.glossary import LEVELS
from ..network.station_index import StationIndex
from .measures import MEASURES, count, per_subject
from .standards import RuleSet, _deputies, parse_period



def county_of(index: StationIndex, station_id: int | None) -> str:
    """The name of the 中心站 above a station ("（未进站）" for none, "市级" above the counties)."""
    if station_id is None:
        return "（未进站）"
    county = index.county(station_id)
    return "市级" if county is None else index.by_id[county].name


def duty_points(session: Session, rules: RuleSet, period: str, scope: int | None = None) -> pd.DataFrame:
    """Per deputy: the count of each weighted measure, the points, and the rank in county and level."""
    if not rules.points:
        raise ToolkitError(f"「{rules.name}」没有规定积分（[points]）")
    start, end, _ = parse_period(period)
    people = _deputies(session, scope)
    index = StationIndex.load(session)
    out = people[["id", "姓名", "level", "所属联络站"]].copy()
    out["县区"] = [county_of(index, None if pd.isna(s) else int(s)) for s in people["station_id"]]
    total = pd.Series(0.0, index=out.index)
    for measure, weight in rules.points.items():
        col = out["id"].map(per_subject(count(session, measure, start, end))).fillna(0).astype(int)
        out[MEASURES[measure].label] = col
        total += col * weight
    out["积分"] = total.round(1)
    out["县区排名"] = out.groupby("县区")["积分"].rank(method="min", ascending=False).astype(int)
    out["层级排名"] = out.groupby("level")["积分"].rank(method="min", ascending=False).astype(int)
    out["代表层级"] = out["level"].map(LEVELS)
    return out.drop(columns=["level"]).sort_values(["积分", "id"], ascending=[False, True]).reset_index(drop=True)
