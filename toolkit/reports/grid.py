"""网格覆盖报告: under a station (a township, a county, the city), how many grids, households and
residents; which grids have no deputy to go to; which have not seen one for the set number of days."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from ..network.grid_figures import grid_coverage, quiet_days, quiet_grids
from .model import Report


def grid_coverage_report(session: Session, station: str | int, as_of: date | None = None) -> Report:
    """The grids under `station` (name, path or id; its whole subtree) as of `as_of` (today)."""
    as_of = as_of or date.today()
    rows = grid_coverage(session, station)
    days = quiet_days(session)
    quiet = quiet_grids(session, days, as_of, station)
    total, bare = sum(r["网格数"] for r in rows), sum(r["无联系代表"] for r in rows)
    name = str(station).rstrip("/").rsplit("/", 1)[-1]
    r = Report(f"{name}网格覆盖报告", f"统计截至{as_of}；含下级站点。")
    r.text(f"共有网格{total}个，覆盖{sum(x['户数'] for x in rows)}户、常住人口{sum(x['常住人口'] for x in rows)}人；"
           f"其中{total - bare}个网格有联系代表，{bare}个尚无联系代表。")
    r.text(f"联系代表{days}天以上未到网格联系（走访、网格听事）的网格{len(quiet)}个。")
    r.heading("一、各站点网格")
    frame = pd.DataFrame(rows, columns=["站点", "网格数", "有联系代表", "无联系代表", "户数", "常住人口", "无联系代表网格"])
    frame["站点"] = frame["站点"].map(lambda p: p.rsplit("/", 1)[-1])
    frame["无联系代表网格"] = frame["无联系代表网格"].map("、".join)
    r.add_table("各站点网格", frame)
    r.heading("二、联系超期的网格")
    late = pd.DataFrame(quiet, columns=["站点", "网格", "联系代表", "最近联系", "未联系天数"])
    late["站点"] = late["站点"].map(lambda p: p.rsplit("/", 1)[-1])
    late["最近联系"] = late["最近联系"].map(lambda d: "从未联系" if d is None or pd.isna(d) else str(d))
    r.add_table("联系超期", late)
    return r
