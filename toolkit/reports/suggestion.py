"""The reports of 代表建议: the county's yearly 建议办理情况报告 (the figures every 代表工委 reports,
with the citizens' own confirmation beside the deputies' 满意率) and 《代表之声》, the year's 重点督办
suggestions printed for the city's leaders (双领双督)."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..suggestions.figures import suggestion_figures
from ..suggestions.queries import key_suggestions
from .model import Report


def _year(period) -> int:
    text = str(period or "").strip()
    if not (text.isdigit() and len(text) == 4):
        raise ToolkitError(f"期间「{text}」应为年份，如 2026")
    return int(text)


def _percent(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.1%}"     # none to count (pandas makes None NaN)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    for column in ("采纳率", "满意率", "群众确认落实率"):
        if column in df:
            df[column] = df[column].map(_percent)
    return df


def summary_lines(row: dict, year: int) -> list[str]:
    """The year in sentences, as the report opens."""
    return [(f"{year}年共提出代表建议{row['件数']}件，已答复{row['已答复']}件，其中按期答复{row['按期答复']}件；"
             f"超期未答复{row['超期未答复']}件。"),
            (f"答复类别：A类（已解决或基本解决）{row['A']}件、B类（正在解决或列入计划）{row['B']}件、"
             f"C类（因条件限制留作参考）{row['C']}件，采纳率{_percent(row['采纳率'])}。"),
            (f"代表对答复的满意率为{_percent(row['满意率'])}（满意{row['满意']}件、基本满意{row['基本满意']}件、"
             f"不满意{row['不满意']}件）；提出意见的群众中有{row['群众确认']}人确认了落实情况，"
             f"其中确认「已落实」的{row['群众确认已落实']}人，占{_percent(row['群众确认落实率'])}。"),
            f"B类答复承诺逾期未落实{row['B类逾期未落实']}件；重点督办{row['重点督办']}件。"]


def suggestion_annual(session: Session, period, as_of: date | None = None) -> Report:
    """建议办理情况报告 of a year, as of its last day (or today, within the year; or `as_of`)."""
    year = _year(period)
    as_of = as_of or min(date(year, 12, 31), date.today())
    everything = suggestion_figures(session, "all", as_of, year)[0]
    r = Report(f"{year}年代表建议办理情况报告", f"统计截至{as_of}")
    for line in summary_lines(everything, year):
        r.text(line)
    r.heading("按主办单位")
    r.add_table("按主办单位", _frame(suggestion_figures(session, "unit", as_of, year)))
    r.heading("按类别")
    r.add_table("按类别", _frame(suggestion_figures(session, "category", as_of, year)))
    r.heading("重点督办建议")
    r.add_table("重点督办", key_suggestions(session, year, as_of).drop(columns=["答复内容"]))
    return r


def voice_of_deputies(session: Session, period, as_of: date | None = None) -> Report:
    """《代表之声》: the year's 重点督办 suggestions, each with its leader, unit, state and answer."""
    year = _year(period)
    key = key_suggestions(session, year, as_of)
    r = Report(f"《代表之声》{year}年重点督办代表建议", f"共{len(key)}件，由常委会领导领衔督办")
    for row in key.itertuples(index=False):
        r.heading(f"{row.建议编号}　{row.标题}")
        r.text(f"领衔代表：{row.领衔代表}；主办单位：{row.主办单位 or '尚未交办'}；领衔督办：{row.领衔督办 or '—'}；"
               f"答复期限：{row.答复期限 or '—'}；办理状态：{row.状态}" + (f"（{row.答复类别}）" if row.答复类别 else ""))
        if row.答复内容:
            r.text(f"答复：{row.答复内容}")
    r.add_table("重点督办建议", key)
    return r
