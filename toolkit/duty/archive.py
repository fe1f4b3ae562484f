"""The electronic duty archive (电子履职档案) of a deputy: profile, seats and terms, station,
pairings, activities, opinions collected and their outcomes, livelihood projects, duty records,
evaluations. Printable as HTML and PDF, and for a whole station at once (one PDF, a deputy a page)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ..cases.models import Case
from ..core.glossary import ACTIVITY_KINDS, CASE_STATES, DUTY_RECORD_KINDS, PAIRING_KINDS
from ..core.markup import Markup, frame_html, html, join
from ..core.scope import require_read
from ..evaluations.models import EvalRound, EvalTarget
from ..evaluations.results import round_results
from ..formats.pdf import sheet
from ..network.deputies import get_deputy, read_deputy
from ..network.models import Deputy, Station
from ..pairings.models import ContactLog, Pairing
from ..projects.models import Project, ProjectInspection, ProjectInspector, Proposal
from .models import Activity, ActivityAttendee, DutyRecord

PROFILE_FIELDS = ["姓名", "性别", "民族", "出生年月", "政治面貌", "代表层级", "届次", "选区", "工作单位及职务",
                  "所属联络站", "是否连任", "是否领导干部", "专业特长"]
PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title><style>
@page {{ size: A4; margin: 14mm; }} body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; font-size: 13px; }}
h1 {{ text-align: center; font-size: 20px; }} h2 {{ font-size: 15px; border-bottom: 1px solid #b71c1c; margin-top: 14px; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border: 1px solid #999; padding: 3px 6px; text-align: left; }}
th {{ background: #f2f2f2; }} .deputy {{ break-after: page; }}
</style></head><body>{body}</body></html>"""


@dataclass
class Archive:
    """One deputy's archive: the title, the profile and the sections in order."""

    title: str
    profile: dict[str, str]
    sections: list[tuple[str, pd.DataFrame]]


def _in_year(col, year: int | None):
    return True if year is None else (col >= date(year, 1, 1)) & (col <= date(year, 12, 31))


def deputy_archive(session: Session, deputy_id: int, year: int | None = None) -> Archive:
    """Everything on file for a deputy (or for one year of it)."""
    d = get_deputy(session, deputy_id)
    require_read(session, deputy_id=deputy_id, deputy_station=d.station_id, what=f"{d.name}代表的履职档案")
    record = read_deputy(session, deputy_id)
    profile = {k: record.get(k, "") for k in PROFILE_FIELDS}
    profile["驻站代表"] = "是" if d.is_resident else "否"
    other = aliased(Deputy)
    pair_rows = []
    for p, mentor, mentee in session.execute(
            select(Pairing, Deputy.name, other.name).join(Deputy, Deputy.id == Pairing.mentor_id)
            .outerjoin(other, other.id == Pairing.mentee_id)
            .where(or_(Pairing.mentor_id == deputy_id, Pairing.mentee_id == deputy_id),
                   True if year is None else Pairing.started_on <= date(year, 12, 31),
                   True if year is None else or_(Pairing.ended_on.is_(None), Pairing.ended_on >= date(year, 1, 1)))
            .order_by(Pairing.started_on)):
        n = session.scalar(select(func.count(ContactLog.id)).where(ContactLog.pairing_id == p.id, _in_year(ContactLog.day, year)))
        role = "联系人" if p.mentor_id == deputy_id else "被联系代表"
        partner = (mentee or "（乡镇）") if role == "联系人" else mentor
        pair_rows.append((PAIRING_KINDS[p.kind], role, partner, p.started_on, p.ended_on or "", n))
    acts = [(a.held_on, s, ACTIVITY_KINDS[a.kind], a.title) for a, s in session.execute(
        select(Activity, Station.name).join(ActivityAttendee, ActivityAttendee.activity_id == Activity.id)
        .join(Station, Station.id == Activity.station_id)
        .where(ActivityAttendee.deputy_id == deputy_id, _in_year(Activity.held_on, year)).order_by(Activity.held_on))]
    cases = [(c.number, c.received_on, c.category, c.content.strip().splitlines()[0][:30], CASE_STATES[c.state], c.rating or "")
             for c in session.scalars(select(Case).where(Case.deputy_id == deputy_id, _in_year(Case.received_on, year))
                                      .order_by(Case.received_on))]
    projects = [("提出项目建议", p.created_at.date(), p.title, p.state) for p in session.scalars(
        select(Proposal).where(Proposal.deputy_id == deputy_id).order_by(Proposal.created_at))
        if year is None or p.created_at.year == year]
    projects += [("视察项目", i.inspected_on, name, i.findings[:40]) for i, name in session.execute(
        select(ProjectInspection, Project.name).join(ProjectInspector, ProjectInspector.inspection_id == ProjectInspection.id)
        .join(Project, Project.id == ProjectInspection.project_id)
        .where(ProjectInspector.deputy_id == deputy_id, _in_year(ProjectInspection.inspected_on, year)))]
    records = [(r.done_on, DUTY_RECORD_KINDS[r.kind], r.title) for r in session.scalars(
        select(DutyRecord).where(DutyRecord.deputy_id == deputy_id, _in_year(DutyRecord.done_on, year)).order_by(DutyRecord.done_on))]
    rated = []
    for rid, rname, tid in session.execute(select(EvalRound.id, EvalRound.name, EvalTarget.id)
                                           .join(EvalTarget, EvalTarget.round_id == EvalRound.id)
                                           .where(EvalTarget.deputy_id == deputy_id).order_by(EvalRound.id)):
        row = round_results(session, rid).set_index("id").loc[tid]
        rated.append((rname, int(row["票数"]), f"{row['满意率']:.1%}"))
    sections = [
        ("三联结对", pd.DataFrame(pair_rows, columns=["结对类型", "角色", "对方", "开始", "结束", "联系次数"])),
        ("履职活动（进站）", pd.DataFrame(acts, columns=["日期", "站点", "类型", "活动"])),
        ("反映社情民意及办理结果", pd.DataFrame(cases, columns=["编号", "受理日期", "类别", "内容摘要", "办理状态", "满意度"])),
        ("民生实事", pd.DataFrame(projects, columns=["事项", "日期", "项目", "情况"])),
        ("履职记录", pd.DataFrame(records, columns=["日期", "类型", "标题"])),
        ("满意度测评", pd.DataFrame(rated, columns=["测评", "票数", "满意率"])),
    ]
    span = f"{year}年" if year else "全部"
    return Archive(f"{d.name}代表电子履职档案（{span}）", profile, sections)


def _deputy_html(a: Archive) -> Markup:
    rows = join(html("<tr><th>{}</th><td>{}</td></tr>", k, v) for k, v in a.profile.items())
    sections = join(html("<h2>{}（{}）</h2>{}", name, len(df),
                         frame_html(df, index=False, border=0) if len(df) else Markup("<p>无</p>"))
                    for name, df in a.sections)
    return html("<div class='deputy'><h1>{}</h1><h2>基本情况</h2><table>{}</table>{}</div>", a.title, rows, sections)


def archive_html(session: Session, deputy_id: int, year: int | None = None) -> str:
    """One deputy's archive as a printable page."""
    a = deputy_archive(session, deputy_id, year)
    return html(PAGE, title=a.title, body=_deputy_html(a))


def _blocks(a: Archive) -> list:
    blocks = [("h", "基本情况"), pd.DataFrame(list(a.profile.items()), columns=["项目", "内容"])]
    for name, df in a.sections:
        blocks += [("h", f"{name}（{len(df)}）"), df if len(df) else "无"]
    return blocks


def archive_pdf(session: Session, deputy_id: int, year: int | None = None) -> bytes:
    """One deputy's archive as PDF."""
    a = deputy_archive(session, deputy_id, year)
    return sheet(a.title, _blocks(a))


def station_archives(session: Session, station_id: int, year: int | None = None) -> list[Archive]:
    """The archives of every deputy enrolled at the station, by name."""
    require_read(session, station_id=station_id, what="该站点的代表档案")
    ids = list(session.scalars(select(Deputy.id).where(Deputy.station_id == station_id).order_by(Deputy.pinyin_key)))
    return [deputy_archive(session, i, year) for i in ids]


def station_archive_pdf(session: Session, station_id: int, year: int | None = None) -> bytes:
    """A whole station's archives in one PDF, each deputy from a new page."""
    archives = station_archives(session, station_id, year)
    station = session.get(Station, station_id)
    blocks = []
    for n, a in enumerate(archives):
        if n:
            blocks.append(("pagebreak",))
        blocks += [("h", a.title), *_blocks(a)]
    return sheet(f"{station.name}代表电子履职档案", blocks or ["本站尚无进站代表。"])


def station_archive_html(session: Session, station_id: int, year: int | None = None) -> str:
    """A whole station's archives as one printable page (a deputy a page when printed)."""
    archives = station_archives(session, station_id, year)
    station = session.get(Station, station_id)
    return html(PAGE, title=f"{station.name}代表电子履职档案",
                body=join(_deputy_html(a) for a in archives) or Markup("<p>本站尚无进站代表。</p>"))
