"""The station's monthly sheet and the county's quarterly report: activities, visits, opinions
and their handling, the duty standard, projects — each figure counted by the database for the
period, with 超期 as of the period's end so an old report reads the same later."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..cases.stats import case_figures
from ..core.errors import ToolkitError
from ..core.scope import require_read
from ..duty.activities import list_activities
from ..duty.measures import count, per_subject
from ..duty.models import Activity, ActivityAttendee
from ..duty.standards import evaluate_deputies, evaluate_stations, load_rules, parse_period, standards_dir
from ..formats.charts import bar_png, line_png
from ..network.models import Deputy, Station
from ..network.station_index import StationIndex
from ..projects.supervision import list_projects
from .model import Report

DAY = timedelta(days=1)   # standards are read as of the day after the period: its last day counts


def resolve_station(session: Session, station: str | int) -> tuple[int, str, list[int]]:
    """(id, name, subtree ids) of a station given by id, name or path."""
    index = StationIndex.load(session)
    if isinstance(station, int) or str(station).isdigit():
        sid = int(station)
        if sid not in index.by_id:
            raise ToolkitError(f"站点编号{sid}不存在")
    else:
        try:
            sid = index.resolve(str(station))
        except ValueError as e:
            raise ToolkitError(str(e)) from None
    require_read(session, station_id=sid, what=f"{index.by_id[sid].name}的报告")
    return sid, index.by_id[sid].name, index.subtree(sid)


def activity_figures(session: Session, stations: list[int], start, end) -> pd.DataFrame:
    """Per station: activities held, deputies' visits (person-times), citizens received."""
    att = (select(ActivityAttendee.activity_id, func.count().label("n")).group_by(ActivityAttendee.activity_id).subquery())
    q = (select(Station.name, func.count(Activity.id), func.coalesce(func.sum(att.c.n), 0),
                func.coalesce(func.sum(Activity.citizens_received), 0))
         .join(Activity, Activity.station_id == Station.id).outerjoin(att, att.c.activity_id == Activity.id)
         .where(Station.id.in_(stations), Activity.held_on >= start, Activity.held_on <= end)
         .group_by(Station.id, Station.name).order_by(Station.id))
    return pd.DataFrame([tuple(r) for r in session.execute(q)], columns=["站点", "活动次数", "进站人次", "接待群众"])


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _rates(df: pd.DataFrame) -> pd.DataFrame:
    """Rates as percentages for reading (the figures stay fractions in the toolkit)."""
    out = df.copy()
    for c in ("办结率", "满意率"):
        if c in out:
            out[c] = out[c].map(_pct)
    return out


def _case_summary(fig: pd.DataFrame) -> str:
    r = fig.iloc[0]
    return (f"受理社情民意{r['受理']}件，办结{r['办结']}件，办结率{_pct(r['办结率'])}；已评价{r['评价']}件，"
            f"满意率{_pct(r['满意率'])}；截至期末超期{r['超期']}件。")


def station_monthly(session: Session, station: str | int, period: str, rules: str = "1_tongling_121.toml") -> Report:
    """月度站点工作表."""
    start, end, label = parse_period(period)
    sid, name, scope = resolve_station(session, station)
    r = Report(f"{name}{label}工作情况", f"统计期间：{start}至{end}；含下级联络点。")
    acts = activity_figures(session, scope, start, end)
    r.heading("一、概况")
    r.text(f"开展活动{int(acts['活动次数'].sum())}次，代表进站{int(acts['进站人次'].sum())}人次，"
           f"接待群众{int(acts['接待群众'].sum())}人次。")
    r.text(_case_summary(case_figures(session, "all", start, end, today=end, stations=scope)))
    r.heading("二、活动")
    r.add_table("活动清单", list_activities(session, sid, start, end, limit=500).drop(columns=["编号"]))
    r.heading("三、社情民意")
    by_cat = case_figures(session, "category", start, end, today=end, stations=scope)
    r.add_table("按类别", _rates(by_cat[["类别", "受理", "办结", "办结率", "满意率", "超期"]]))
    if len(by_cat):
        r.chart("各类别受理件数", bar_png(list(by_cat["类别"]), list(by_cat["受理"]), "各类别受理件数", "件"))
    r.heading("四、代表履职")
    visits, opinions = count(session, "station_visits", start, end), count(session, "opinions", start, end)
    people = list(session.execute(select(Deputy.id, Deputy.name).where(Deputy.station_id.in_(scope)).order_by(Deputy.pinyin_key)))
    v, o = per_subject(visits), per_subject(opinions)
    r.add_table("代表进站与反映意见", pd.DataFrame([(n, v.get(i, 0), o.get(i, 0)) for i, n in people],
                                          columns=["代表", "进站次数", "反映意见"]))
    path = standards_dir() / rules
    if path.is_file():
        std = load_rules(path)
        st = evaluate_stations(session, std, period, sid, today=end + DAY)
        cols = [c for c in st.columns if c not in ("id",) and not c.endswith("（达标期数）")]
        r.heading(f"五、对照{std.name}")
        r.add_table("站点达标情况", st[cols] if len(cols) > 3 else pd.DataFrame())
        deps = evaluate_deputies(session, std, period, sid, today=end + DAY)
        behind = deps[deps["未达标项数"] > 0]
        r.text(f"本期{len(deps)}名代表中{len(behind)}名有未达标项（年度要求在年内显示为“未达标（期内）”）。")
    return r


def county_quarterly(session: Session, station: str | int, period: str, rules: str = "1_tongling_121.toml") -> Report:
    """县区季度报告."""
    start, end, label = parse_period(period)
    sid, name, scope = resolve_station(session, station)
    r = Report(f"{name}{label}代表联络站工作报告", f"统计期间：{start}至{end}；范围：{name}及下属全部站点。")
    cases = case_figures(session, "station", start, end, today=end, stations=scope)
    acts = activity_figures(session, scope, start, end)
    r.heading("一、总体情况")
    r.text(f"{len(acts)}个站点开展活动{int(acts['活动次数'].sum())}次，代表进站{int(acts['进站人次'].sum())}人次，"
           f"接待群众{int(acts['接待群众'].sum())}人次。")
    r.text(_case_summary(case_figures(session, "all", start, end, today=end, stations=scope)))
    months = case_figures(session, "month", start, end, today=end, stations=scope)
    if len(months):
        r.chart("逐月受理与办结", line_png(list(months["月份"]), {"受理": list(months["受理"]), "办结": list(months["办结"])},
                                       "逐月受理与办结（件）"))
    r.heading("二、各站点")
    table = acts.merge(cases.rename(columns={"站点": "站点"})[["站点", "受理", "办结", "办结率", "满意率", "超期"]],
                       on="站点", how="outer").fillna(0)
    for c in ("活动次数", "进站人次", "接待群众", "受理", "办结", "超期"):
        table[c] = table[c].astype(int)
    r.add_table("站点指标", _rates(table.sort_values(["受理", "站点"], ascending=[False, True]).reset_index(drop=True)))
    top = table.sort_values("受理", ascending=False).head(15)
    if len(top):
        r.chart("受理件数前15名站点", bar_png(list(top["站点"]), list(top["受理"]), "受理件数前15名站点", "件"))
    by_dept = case_figures(session, "department", start, end, today=end, stations=scope)
    r.heading("三、承办单位")
    r.add_table("承办单位办理情况", _rates(by_dept[["承办单位", "受理", "办结", "办结率", "满意率", "超期", "平均答复天数"]]))
    path = standards_dir() / rules
    if path.is_file():
        std = load_rules(path)
        st = evaluate_stations(session, std, period, sid, today=end + DAY)
        r.heading(f"四、对照{std.name}")
        if "未达标项数" in st and any(q.subject == "station" for q in std.requirements):
            late = st[st["未达标项数"] > 0][["站点", "类型", "未达标项数"]]
            r.text(f"{len(st)}个站点中{len(late)}个有未达标项。")
            r.add_table("未达标站点", late.reset_index(drop=True))
        deps = evaluate_deputies(session, std, period, sid, today=end + DAY)
        r.text(f"{len(deps)}名代表中{int((deps['未达标项数'] > 0).sum())}名有未达标项。")
    projects = list_projects(session, year=start.year, today=end)
    r.heading("五、民生实事项目")
    r.add_table("项目进度", projects.drop(columns=["编号"]) if len(projects) else projects)
    return r
