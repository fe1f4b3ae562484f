"""监督 and 评议 of the chosen projects: milestones, dated progress with photo captions, deputies'
inspections, completion, the evaluation round that rates them, and their line on the board."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..core.access import require
from ..core.audit import record
from ..core.errors import FieldError, NotFound, ToolkitError, ValidationFailed
from ..core.principal import acting_name
from ..core.records import fetch
from ..evaluations.models import EvalRound, EvalTarget
from ..evaluations.results import round_results
from ..evaluations.services import add_target, create_round
from ..network.models import Department, Deputy
from .models import Project, ProjectInspection, ProjectInspector, ProjectMilestone, ProjectUpdate

PROJECT_COLUMNS = ["编号", "项目", "责任单位", "年度", "估算金额（万元）", "进度", "下一节点", "节点日期", "最近更新", "状态"]


def get_project(session: Session, project_id: int) -> Project:
    """The project or NotFound."""
    return fetch(session, Project, project_id)


def _reportable(session: Session, p: Project) -> None:
    """Only its department (or a city administrator) reports on a project, and not after completion."""
    require(session, "project.report", department_id=p.department_id, target=p.name)
    if p.completed_on:
        raise ToolkitError(f"「{p.name}」已于{p.completed_on}完工，不能再修改")


def add_milestone(session: Session, project_id: int, title: str, due_on: date) -> int:
    """A planned step with its due date."""
    p = get_project(session, project_id)
    _reportable(session, p)
    errors = []
    if not (title or "").strip():
        errors.append(FieldError("节点", "必填"))
    if not isinstance(due_on, date):
        errors.append(FieldError("节点日期", "请填写日期"))
    if errors:
        raise ValidationFailed(errors)
    m = ProjectMilestone(project_id=project_id, title=title.strip(), due_on=due_on)
    session.add(m)
    session.flush()
    return m.id


def reach_milestone(session: Session, milestone_id: int, on: date) -> None:
    """Mark a step done."""
    m = session.get(ProjectMilestone, milestone_id)
    if m is None:
        raise NotFound("节点不存在")
    _reportable(session, get_project(session, m.project_id))
    if m.done_on:
        raise ToolkitError(f"节点「{m.title}」已于{m.done_on}完成")
    m.done_on = on
    session.flush()


def report_progress(session: Session, project_id: int, on: date, progress: int, note: str,
                    photos: str | None = None) -> int:
    """A dated progress update; the percentage never goes back and dates run forward."""
    actor = acting_name(session)
    p = get_project(session, project_id)
    _reportable(session, p)
    errors = []
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors.append(FieldError("进度", "应为0到100之间的整数"))
    elif progress < p.progress:
        errors.append(FieldError("进度", f"不能低于上次报告的{p.progress}%"))
    if not (note or "").strip():
        errors.append(FieldError("进展情况", "必填"))
    last = session.scalar(select(func.max(ProjectUpdate.reported_on)).where(ProjectUpdate.project_id == project_id))
    if not isinstance(on, date):
        errors.append(FieldError("日期", "请填写日期"))
    elif last and on < last:
        errors.append(FieldError("日期", f"早于上次报告的{last}"))
    if errors:
        raise ValidationFailed(errors)
    u = ProjectUpdate(project_id=project_id, reported_on=on, progress=progress, note=note.strip(),
                      photos=(photos or "").strip() or None, author=actor)
    session.add(u)
    record(session, actor, "project", project_id, "update", before={"进度": p.progress}, after={"进度": progress})
    p.progress = progress
    session.flush()
    return u.id


def inspect(session: Session, project_id: int, on: date, deputy_ids: list[int], findings: str) -> int:
    """An inspection (视察) by deputies, with what they found."""
    actor = acting_name(session)
    p = get_project(session, project_id)
    require(session, "project.inspect", target=p.name)
    errors = []
    if not deputy_ids:
        errors.append(FieldError("视察代表", "至少一名代表"))
    for did in deputy_ids:
        if session.get(Deputy, did) is None:
            errors.append(FieldError("视察代表", f"编号{did}不是代表"))
    if not (findings or "").strip():
        errors.append(FieldError("视察意见", "必填"))
    if not isinstance(on, date):
        errors.append(FieldError("日期", "请填写日期"))
    if errors:
        raise ValidationFailed(errors)
    i = ProjectInspection(project_id=p.id, inspected_on=on, findings=findings.strip(), author=actor)
    session.add(i)
    session.flush()
    session.add_all(ProjectInspector(inspection_id=i.id, deputy_id=d) for d in dict.fromkeys(deputy_ids))
    session.flush()
    return i.id


def complete(session: Session, project_id: int, on: date) -> None:
    """Completion: only at 100%, and every milestone reached."""
    actor = acting_name(session)
    p = get_project(session, project_id)
    _reportable(session, p)
    if p.progress < 100:
        raise ToolkitError(f"「{p.name}」进度为{p.progress}%，达到100%后才能完工")
    open_steps = list(session.scalars(select(ProjectMilestone.title).where(
        ProjectMilestone.project_id == project_id, ProjectMilestone.done_on.is_(None))))
    if open_steps:
        raise ToolkitError(f"还有未完成的节点：{'、'.join(open_steps)}")
    p.completed_on = on
    session.flush()
    record(session, actor, "project", project_id, "update", after={"完工": on})


def list_projects(session: Session, year: int | None = None, today: date | None = None) -> pd.DataFrame:
    """Every project with its progress, next milestone and latest update."""
    today = today or date.today()
    dept = aliased(Department)
    nxt = (select(ProjectMilestone.project_id, func.min(ProjectMilestone.due_on).label("due"))
           .where(ProjectMilestone.done_on.is_(None)).group_by(ProjectMilestone.project_id).subquery())
    last = (select(ProjectUpdate.project_id, func.max(ProjectUpdate.reported_on).label("on"))
            .group_by(ProjectUpdate.project_id).subquery())
    q = (select(Project.id, Project.name, dept.name, Project.year, Project.cost, Project.progress, nxt.c.due,
                last.c.on, Project.completed_on)
         .outerjoin(dept, dept.id == Project.department_id).outerjoin(nxt, nxt.c.project_id == Project.id)
         .outerjoin(last, last.c.project_id == Project.id).order_by(Project.year.desc(), Project.id))
    if year:
        q = q.where(Project.year == year)
    titles = {(pid, due): t for pid, due, t in session.execute(
        select(ProjectMilestone.project_id, ProjectMilestone.due_on, ProjectMilestone.title)
        .where(ProjectMilestone.done_on.is_(None)))}
    rows = []
    for pid, name, dn, yr, cost, progress, due, on, done in session.execute(q):
        state = f"已完工（{done}）" if done else ("节点逾期" if due and due < today else "实施中")
        rows.append((pid, name, dn or "", yr, float(cost) if cost is not None else None, f"{progress}%",
                     titles.get((pid, due), ""), due or "", on or "", state))
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS)


def project_timeline(session: Session, project_id: int) -> pd.DataFrame:
    """Milestones, updates and inspections of one project, by date."""
    get_project(session, project_id)
    rows = [(m.due_on, "节点", m.title + (f"（{m.done_on}完成）" if m.done_on else "（未完成）"), "")
            for m in session.scalars(select(ProjectMilestone).where(ProjectMilestone.project_id == project_id))]
    rows += [(u.reported_on, f"进度{u.progress}%", u.note, u.photos or "")
             for u in session.scalars(select(ProjectUpdate).where(ProjectUpdate.project_id == project_id))]
    for i in session.scalars(select(ProjectInspection).where(ProjectInspection.project_id == project_id)):
        names = "、".join(session.scalars(select(Deputy.name).join(ProjectInspector, ProjectInspector.deputy_id == Deputy.id)
                                         .where(ProjectInspector.inspection_id == i.id).order_by(Deputy.id)))
        rows.append((i.inspected_on, "视察", f"{names}：{i.findings}", ""))
    rows.sort(key=lambda r: (r[0], r[1]))
    return pd.DataFrame(rows, columns=["日期", "事项", "内容", "照片说明"])


def evaluate_projects(session: Session, name: str, project_ids: list[int], opens_on: date, closes_on: date, rater_kind: str = "citizens") -> int:
    """评议: a satisfaction round rating the completed projects (each one a target)."""
    if not project_ids:
        raise ToolkitError("请选择要测评的项目")
    projects = [get_project(session, pid) for pid in dict.fromkeys(project_ids)]
    unfinished = [p.name for p in projects if not p.completed_on]
    if unfinished:
        raise ToolkitError(f"项目完工后才能测评：{'、'.join(unfinished)}")
    round_id = create_round(session, name, "project", rater_kind, opens_on, closes_on)
    for p in projects:
        add_target(session, round_id, p.name, project_id=p.id)
    return round_id


def project_evaluations(session: Session, project_id: int) -> pd.DataFrame:
    """The evaluation results of one project, round by round: the cycle's last step."""
    rows = []
    for rid, rname, tid in session.execute(select(EvalRound.id, EvalRound.name, EvalTarget.id)
                                           .join(EvalTarget, EvalTarget.round_id == EvalRound.id)
                                           .where(EvalTarget.project_id == project_id).order_by(EvalRound.id)):
        df = round_results(session, rid)
        row = df[df["id"] == tid].iloc[0]
        rows.append((rname, int(row["票数"]), row["满意率"], bool(row["整改"])))
    return pd.DataFrame(rows, columns=["测评", "票数", "满意率", "需整改"])
