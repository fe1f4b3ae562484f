"""Grids (网格), one row each: their size, how many deputies answer for them, and how long since one
went there. No grid worker's name or mobile: an analysis needs counts, not people."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from ..core.scope import scope_of
from ..core.settings import get_setting
from ..network.grid_models import Grid, GridContact, GridDeputy
from ..network.station_index import StationIndex
from .columns import FRAMES, framed
from .source import day, reading, typed


def grids(*, db=None, today: date | None = None) -> pd.DataFrame:
    """Every grid in the user's scope as of `today`: `overdue` when it has deputies and none has been
    there for longer than the grid_contact_overdue_days setting (never counts as longer)."""
    today = day(today) or date.today()
    members = select(GridDeputy.grid_id, func.count().label("n")).group_by(GridDeputy.grid_id).subquery()
    log = (select(GridContact.grid_id, func.count().label("n"), func.max(GridContact.day).label("last"))
           .where(GridContact.day <= today).group_by(GridContact.grid_id).subquery())
    q = (select(Grid.id, Grid.name, Grid.station_id, Grid.households, Grid.residents,
                func.coalesce(members.c.n, 0), func.coalesce(log.c.n, 0), log.c.last)
         .outerjoin(members, members.c.grid_id == Grid.id).outerjoin(log, log.c.grid_id == Grid.id).order_by(Grid.id))
    with reading(db) as s:
        rows = s.execute(q.where(scope_of(s).where(station=Grid.station_id))).all()
        limit = get_setting(s, "grid_contact_overdue_days")
        index = StationIndex.load(s)
    df = pd.DataFrame(rows, columns=["grid_id", "grid", "station_id", "households", "residents", "deputies",
                                     "contacts", "last_contact"])
    df["station"] = df["station_id"].map(lambda i: index.by_id[i].name)
    df["county"] = df["station_id"].map(lambda i: index.by_id[c].name if (c := index.county(i)) else None)
    last = pd.to_datetime(df["last_contact"])
    df["days_since_contact"] = (pd.Timestamp(today) - last).dt.days
    df["overdue"] = (df["deputies"] > 0) & (df["days_since_contact"].isna() | (df["days_since_contact"] > limit))
    df = df[list(FRAMES["grids"])]
    typed(df, dates=("last_contact",), categories=("station", "county"),
          ints=("station_id", "households", "residents", "deputies", "contacts", "days_since_contact"))
    return framed(df, "grids")
