"""The annual duty report of one deputy and the project-vote announcement as reports."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..duty.archive import deputy_archive
from ..duty.measures import MEASURES, count
from ..duty.points import duty_points
from ..duty.standards import evaluate_deputies, load_rules, parse_period, standards_dir
from ..formats.charts import bar_png, line_png
from ..network.models import Deputy
from ..projects.announce import announcement
from ..projects.export import budget_analysis
from .model import Report

DAY = timedelta(days=1)   # standards are read as of the day after the period: its last day counts


def resolve_deputy(session: Session, deputy: str | int) -> int:
    """A deputy by id or by a name that only one deputy has."""
    if isinstance(deputy, int) or str(deputy).isdigit():
        if session.get(Deputy, int(deputy)) is None:
            raise ToolkitError(f"代表编号{deputy}不存在")
        return int(deputy)
    ids = list(session.scalars(select(Deputy.id).where(Deputy.name == str(deputy).strip())))
    if len(ids) != 1:
        raise ToolkitError(f"没有名为「{deputy}」的代表" if not ids else f"有{len(ids)}名代表名为「{deputy}」，请用代表编号")
    return ids[0]


def deputy_annual(session: Session, deputy: str | int, period: str, rules: str = "2_heshun_8.toml") -> Report:
    """年度代表履职报告."""
    start, end, label = parse_period(period)
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        raise ToolkitError("代表年度履职报告的期间应为一年，如 2025")
    did = resolve_deputy(session, deputy)
    a = deputy_archive(session, did, start.year)
    name = a.profile["姓名"]
    r = Report(f"{name}代表{label}履职报告", f"{a.profile['代表层级']}人大代表；{a.profile['所属联络站']}。")
    r.heading("一、基本情况")
    r.add_table("基本情况", pd.DataFrame(list(a.profile.items()), columns=["项目", "内容"]))
    r.heading("二、全年履职")
    months = [f"{m}月" for m in range(1, 13)]
    series = {}
    for m in ("station_visits", "opinions"):
        c = count(session, m, start, end)
        series[MEASURES[m].label] = [c.get((did, start.year, k), 0) for k in range(1, 13)]
    r.chart("逐月进站与反映意见", line_png(months, series, "逐月进站与反映意见（次、件）"))
    for section, df in a.sections:
        r.add_table(section, df)
    path = standards_dir() / rules
    if path.is_file():
        std = load_rules(path)
        row = evaluate_deputies(session, std, period, today=end + DAY).set_index("id").loc[did]
        r.heading(f"三、对照{std.name}")
        req = [(q.label, row[q.label], row[f"{q.label}（达标期数）"]) for q in std.requirements if q.subject == "deputy"]
        r.add_table("达标情况", pd.DataFrame(req, columns=["要求", "结果", "达标期数"]))
        if std.points:
            pts = duty_points(session, std, period).set_index("id").loc[did]
            r.text(f"履职积分{pts['积分']:g}分，在{pts['县区']}排第{pts['县区排名']}名，在同级代表中排第{pts['层级排名']}名。")
    return r


def vote_report(session: Session, vote: str | int) -> Report:
    """The project-vote announcement as a report, with a chart of the votes."""
    if not str(vote).isdigit():
        raise ToolkitError("请用票决编号（liaison vote list 可查）")
    title, lines, table = announcement(session, int(vote))
    r = Report(title, lines[0])
    for line in lines[1:]:
        r.text(line)
    r.add_table("票决结果", table)
    votes = table.columns[4]   # 赞成 or 得票
    r.chart("各候选项目得票", bar_png(list(table["候选项目"]), [int(v) for v in table[votes]], f"各候选项目{votes}票数", "票"))
    analysis = budget_analysis(session, int(vote))
    if analysis is not None:
        r.heading("附：预算分析（供研究参考，法定结果以公告为准）")
        r.add_table("预算分析", analysis)
    return r
