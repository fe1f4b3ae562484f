"""The result announcement of a counted vote (票决结果公告), fit to post: one table of every
candidate's votes, passed or not, selected or not; the turnout; the box's fingerprint. The same
content as HTML, Excel and PDF."""
from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..core.glossary import VOTE_FORMS, VOTE_THRESHOLDS
from ..core.markup import frame_html, html, join
from ..formats.pdf import sheet
from ..formats.spreadsheets import write_xlsx_sheets
from .box import published_box
from .votes import candidate_rows, get_vote, result_of

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><style>
@page {{ size: A4; margin: 15mm; }} body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; }}
h1 {{ text-align: center; font-size: 22px; }} table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
th, td {{ border: 1px solid #999; padding: 4px 8px; }} th {{ background: #eee; }} code {{ word-break: break-all; }}
</style></head><body>{body}</body></html>"""


RECEIPT_NOTE = ("回执码名单与选票内容分两张表分别公布：代表可凭回执码核对本人的选票已计入票箱；"
                "回执码不与任何一张选票对应，不能向任何人证明选票的内容。")


def announcement(session: Session, vote_id: int) -> tuple[str, list[str], pd.DataFrame]:
    """(title, lines, table) of a counted vote."""
    v = get_vote(session, vote_id)
    r = result_of(session, vote_id)
    if r is None:
        raise ToolkitError("计票后才能生成结果公告")
    title = f"{v.name}结果公告"
    lines = [f"表决方式：{VOTE_FORMS[v.form]}；应选项目{v.seats}个；通过标准：赞成票超过{VOTE_THRESHOLDS[v.threshold]}。",
             f"全体代表{v.electorate}名，出席{v.present}名；收回选票{r['ballots']}张，" +
             ("未计票（本次票决无效）。" if r["void"] else f"有效{r['valid']}张，无效{r['invalid']}张。")]
    if r["void"]:
        lines.append(f"本次票决无效：{r['void']}")
    else:
        lines.append("入选项目（按得票多少为序）：" + ("、".join(r["selected"]) or "无"))
        if r["runoff"]:
            lines.append(f"以下项目得票相同、并列末位，须另行表决：{'、'.join(r['runoff'])}")
        if r["unfilled"]:
            lines.append(f"通过的项目不足，空缺{r['unfilled']}项。")
    lines.append(RECEIPT_NOTE)
    lines.append(f"计票时间：{v.closed_at:%Y年%m月%d日 %H:%M}；票箱指纹（SHA-256）：{v.fingerprint}")
    limited = v.form == "limited"
    rows = []
    for i, (name, cost, dept) in enumerate(candidate_rows(session, vote_id), start=1):
        c = r["candidates"][name]
        votes = [c["for"]] if limited else [c["for"], c["against"], c["abstain"]]
        rows.append([i, name, dept, "" if cost is None else f"{cost:g}", *votes,
                     "是" if name in r["passed"] else "否",
                     "入选" if name in r["selected"] else ("另行表决" if name in r["runoff"] else "")])
    counts = ["得票"] if limited else ["赞成", "反对", "弃权"]
    table = pd.DataFrame(rows, columns=["序号", "候选项目", "责任单位", "估算金额（万元）", *counts, "是否通过", "结果"])
    return title, lines, table


def announcement_html(session: Session, vote_id: int) -> str:
    """A standalone printable page."""
    title, lines, table = announcement(session, vote_id)
    body = html("<h1>{}</h1>{}{}<p>{}</p>", title, join(html("<p>{}</p>", x) for x in lines[:-1]),
                frame_html(table, index=False, border=0), lines[-1])
    return html(PAGE, title=title, body=body)


def announcement_xlsx(session: Session, vote_id: int) -> bytes:
    """The table on one sheet, the lines on another."""
    title, lines, table = announcement(session, vote_id)
    receipts, ballots = published_box(session, vote_id)
    names = list(table["候选项目"])
    return write_xlsx_sheets({"票决结果": (list(table.columns), table.values.tolist()),
                              "说明": (["说明"], [[title], *[[x] for x in lines]]),
                              "回执码名单": (["回执码"], [[r] for r in receipts]),
                              "选票内容": (names, [[b.get(n, "") for n in names] for b in ballots])})


def announcement_pdf(session: Session, vote_id: int) -> bytes:
    """The announcement on A4, the font embedded."""
    title, lines, table = announcement(session, vote_id)
    return sheet(title, [*lines[:-1], table, lines[-1]])
