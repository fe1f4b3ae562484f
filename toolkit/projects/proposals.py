"""征集 and 筛选: the call for proposals, proposals with their supporters, merging, and screening
into the reserve pool (储备库) with a verdict on every criterion."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..cases.models import Case
from ..core.access import require, why_not
from ..core.audit import record
from ..core.errors import FieldError, ToolkitError, ValidationFailed
from ..core.glossary import PROPOSAL_SOURCES, PROPOSAL_STATES, SCREENING_CRITERIA
from ..core.personal_data import mask_name
from ..core.principal import acting_name, principal_of
from ..core.records import fetch
from ..core.settings import get_setting
from ..network.models import Department, Deputy, Station
from ..suggestions.models import Suggestion, SuggestionCase
from ..suggestions.timeline import add_step
from .models import Project, ProjectCall, Proposal, ProposalSupport
from .vote_models import VoteCandidate

PROPOSAL_COLUMNS = ["编号", "项目名称", "提出人", "来源", "地点", "所属站点", "附议人数", "状态", "估算金额（万元）", "责任单位", "筛选理由"]


def open_call(session: Session, name: str, level: str, year: int, opens_on: date, closes_on: date) -> int:
    """Open a year's call for proposals; the window is at least the county's minimum (30 days)."""
    actor = acting_name(session)
    errors = []
    if not (name or "").strip():
        errors.append(FieldError("征集名称", "必填"))
    if level not in ("county", "township"):
        errors.append(FieldError("层级", "应为县（区）或乡（镇）"))
    minimum = get_setting(session, "proposal_window_days")
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        errors.append(FieldError("征集期", "请填写开始和结束日期"))
    elif (closes_on - opens_on).days + 1 < minimum:
        errors.append(FieldError("征集期", f"征集期{(closes_on - opens_on).days + 1}天，少于{minimum}天"))
    if session.scalar(select(ProjectCall.id).where(ProjectCall.name == (name or "").strip())):
        errors.append(FieldError("征集名称", f"已有「{name.strip()}」"))
    if errors:
        raise ValidationFailed(errors)
    require(session, "project.call", target=name.strip())
    c = ProjectCall(name=name.strip(), level=level, year=year, opens_on=opens_on, closes_on=closes_on, created_by=actor)
    session.add(c)
    session.flush()
    record(session, actor, "project_call", c.id, "create", after={"名称": c.name, "开始": opens_on, "结束": closes_on})
    return c.id


def get_call(session: Session, call_id: int) -> ProjectCall:
    """The call or NotFound."""
    return fetch(session, ProjectCall, call_id)


def list_calls(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every call, newest first."""
    return [tuple(r) for r in session.execute(select(ProjectCall.id, ProjectCall.name).order_by(ProjectCall.id.desc()))]


def propose(session: Session, call_id: int, title: str, proposer: str, source: str, *, content: str | None = None,
            deputy_id: int | None = None, station_id: int | None = None, place: str | None = None,
            case_id: int | None = None, now: datetime | None = None) -> int:
    """A proposal within the call's window; who proposed it and where are kept."""
    now = now or datetime.now()
    call = get_call(session, call_id)
    errors = []
    if not (title or "").strip():
        errors.append(FieldError("项目名称", "必填"))
    elif len(title.strip()) > 100:
        errors.append(FieldError("项目名称", "不超过100字"))
    if not (proposer or "").strip():
        errors.append(FieldError("提出人", "必填"))
    if source not in PROPOSAL_SOURCES:
        errors.append(FieldError("来源", "请选择来源"))
    if not call.opens_on <= now.date() <= call.closes_on:
        errors.append(FieldError("提出日期", f"不在征集期内（{call.opens_on}至{call.closes_on}）"))
    if deputy_id is not None and session.get(Deputy, deputy_id) is None:
        errors.append(FieldError("提出代表", "找不到该代表"))
    if station_id is not None:
        st = session.get(Station, station_id)
        if st is None or st.closed_on is not None:
            errors.append(FieldError("所属站点", "站点不存在或已撤销"))
    if errors:
        raise ValidationFailed(errors)
    require(session, "project.propose", station_id=station_id, deputy_id=deputy_id, target=title.strip())
    p = Proposal(call_id=call_id, title=title.strip(), content=(content or "").strip() or None, source=source,
                 proposer=proposer.strip(), deputy_id=deputy_id, station_id=station_id,
                 place=(place or "").strip() or None, case_id=case_id, created_at=now, state="proposed")
    session.add(p)
    session.flush()
    return p.id


def propose_from_case(session: Session, call_id: int, case_id: int, now: datetime | None = None) -> int:
    """Turn a citizen's 民生项目 opinion (from a station or the QR page) into a proposal, once.

    It is proposed when the citizen said it (the case's time); the proposer's name is masked, the
    case keeps the rest."""
    c = fetch(session, Case, case_id)
    if c.category != "民生项目":
        raise ToolkitError(f"案件{c.number}的类别是「{c.category}」，不是「民生项目」")
    if session.scalar(select(Proposal.id).where(Proposal.case_id == case_id)):
        raise ToolkitError(f"案件{c.number}已转为项目建议")
    title = c.content.strip().splitlines()[0][:40]
    return propose(session, call_id, title, mask_name(c.citizen_name) or "群众", "qr" if c.channel == "qr" else "station",
                   content=c.content, station_id=c.station_id, place=c.place, case_id=case_id,
                   now=now or c.received_at)


def propose_from_suggestion(session: Session, call_id: int, suggestion_id: int, now: datetime | None = None) -> int:
    """Take a 代表建议 of the 民生实事 kind into the call (群众提 through their deputy), once: the
    proposal keeps the link, so the project shows which suggestion and which citizens it came from."""
    require(session, "suggestion.to_project", target=str(suggestion_id))
    s = fetch(session, Suggestion, suggestion_id)
    if session.scalar(select(Proposal.id).where(Proposal.suggestion_id == suggestion_id)):
        raise ToolkitError(f"代表建议 {s.number} 已纳入民生实事征集")
    lead = session.get(Deputy, s.lead_deputy_id)
    proposal_id = propose(session, call_id, s.title.removeprefix("关于").removesuffix("的建议")[:100] or s.title[:100],
                          lead.name, "deputy", content=s.content, deputy_id=lead.id, station_id=lead.station_id, now=now)
    session.get(Proposal, proposal_id).suggestion_id = s.id
    add_step(session, s, "to_project", acting_name(session), f"纳入民生实事项目征集「{get_call(session, call_id).name}」")
    session.flush()
    return proposal_id


def calls_for_suggestion(session: Session, suggestion_id: int, today: date | None = None) -> list[tuple[str, int]]:
    """The calls open today that the user may take this suggestion into ((name, id); none once it
    has been taken, or for a user who may not): what the suggestion's page offers."""
    p = principal_of(session)
    if p is not None and why_not(p, "suggestion.to_project") is not None:
        return []
    if session.scalar(select(Proposal.id).where(Proposal.suggestion_id == suggestion_id)):
        return []
    today = today or date.today()
    return [(f"{name}（{year}年度，{closes}截止）", i) for i, name, year, closes in session.execute(
        select(ProjectCall.id, ProjectCall.name, ProjectCall.year, ProjectCall.closes_on)
        .where(ProjectCall.opens_on <= today, ProjectCall.closes_on >= today).order_by(ProjectCall.closes_on))]


def proposal_origins(session: Session, proposal_id: int) -> dict:
    """Where a proposal came from: the 代表建议 (number, title) and the citizens' case numbers behind it."""
    p = get_proposal(session, proposal_id)
    out = {"代表建议": "", "群众意见": []}
    if p.suggestion_id:
        s = session.get(Suggestion, p.suggestion_id)
        out["代表建议"] = f"{s.number}《{s.title}》"
        out["群众意见"] = list(session.scalars(select(Case.number).join(SuggestionCase, SuggestionCase.case_id == Case.id)
                                            .where(SuggestionCase.suggestion_id == s.id).order_by(Case.number)))
    if p.case_id:
        out["群众意见"].append(session.scalar(select(Case.number).where(Case.id == p.case_id)))
    return out


def project_origins(session: Session, project_id: int) -> dict:
    """Where a project came from, through its candidate's proposal: the 代表建议 and the citizens'
    opinions behind it (empty when it was proposed directly)."""
    from_proposal = session.scalar(select(VoteCandidate.proposal_id).join(Project, Project.candidate_id == VoteCandidate.id)
                                   .where(Project.id == project_id))
    return proposal_origins(session, from_proposal) if from_proposal else {"代表建议": "", "群众意见": []}


def project_cases(session: Session, call_id: int) -> list[tuple[int, str, str]]:
    """(case id, number, content) of the 民生项目 opinions received in the call's window and not yet
    proposals: what the QR page and the stations collected for this call."""
    call = get_call(session, call_id)
    done = select(Proposal.case_id).where(Proposal.case_id.is_not(None))
    q = (select(Case.id, Case.number, Case.content).where(
        Case.category == "民生项目", Case.received_on >= call.opens_on, Case.received_on <= call.closes_on,
        Case.id.not_in(done)).order_by(Case.received_at).limit(200))
    return [(i, n, text[:40]) for i, n, text in session.execute(q)]


def support(session: Session, proposal_id: int, name: str, deputy_id: int | None = None,
            now: datetime | None = None) -> None:
    """A supporter (附议); the same person supports a proposal once."""
    p = get_proposal(session, proposal_id)
    require(session, "project.propose", station_id=p.station_id, deputy_id=deputy_id, target=p.title)
    if p.state in ("merged", "rejected"):
        raise ToolkitError(f"项目建议「{p.title}」{PROPOSAL_STATES[p.state]}，不能再附议")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed([FieldError("附议人", "必填")])
    if name == p.proposer or session.scalar(select(ProposalSupport.id).where(
            ProposalSupport.proposal_id == proposal_id, ProposalSupport.name == name)):
        raise ToolkitError(f"{name}已是该项目建议的提出人或附议人")
    session.add(ProposalSupport(proposal_id=proposal_id, name=name, deputy_id=deputy_id, at=now or datetime.now()))
    session.flush()


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    """The proposal or NotFound."""
    return fetch(session, Proposal, proposal_id)


def merge(session: Session, keep_id: int, other_ids: list[int]) -> None:
    """Merge similar proposals into one: their proposers and supporters become its supporters."""
    actor = acting_name(session)
    keep = get_proposal(session, keep_id)
    require(session, "project.call", target=keep.title)
    if keep.state not in ("proposed", "reserve"):
        raise ToolkitError(f"「{keep.title}」{PROPOSAL_STATES[keep.state]}，不能作为合并目标")
    others = [get_proposal(session, i) for i in dict.fromkeys(other_ids) if i != keep_id]
    if not others:
        raise ToolkitError("请选择要并入的项目建议")
    names = {keep.proposer} | set(session.scalars(select(ProposalSupport.name).where(ProposalSupport.proposal_id == keep_id)))
    for o in others:
        if o.call_id != keep.call_id:
            raise ToolkitError(f"「{o.title}」属于另一次征集，不能合并")
        if o.state not in ("proposed", "reserve"):
            raise ToolkitError(f"「{o.title}」{PROPOSAL_STATES[o.state]}，不能合并")
        for s in session.scalars(select(ProposalSupport).where(ProposalSupport.proposal_id == o.id)):
            if s.name in names:
                session.delete(s)
            else:
                s.proposal_id = keep_id
                names.add(s.name)
        if o.proposer not in names:
            session.add(ProposalSupport(proposal_id=keep_id, name=o.proposer, deputy_id=o.deputy_id, at=o.created_at))
            names.add(o.proposer)
        o.state, o.merged_into_id = "merged", keep_id
        session.flush()
        record(session, actor, "proposal", o.id, "update", before={"状态": "待筛选"}, after={"并入": keep_id})


def screen(session: Session, proposal_id: int, verdicts: dict[str, bool], reason: str,
           cost: float | None = None, department_id: int | None = None) -> str:
    """Decide a proposal on every criterion: all met puts it in the reserve pool, any not met rejects it."""
    actor = acting_name(session)
    p = get_proposal(session, proposal_id)
    require(session, "project.call", target=p.title)
    if p.state not in ("proposed", "reserve", "rejected"):
        raise ToolkitError(f"「{p.title}」{PROPOSAL_STATES[p.state]}，不能再筛选")
    errors = []
    missing = [label for key, label in SCREENING_CRITERIA.items() if not isinstance(verdicts.get(key), bool)]
    if missing:
        errors.append(FieldError("筛选标准", f"请逐项判断：{'、'.join(missing)}"))
    unknown = set(verdicts) - set(SCREENING_CRITERIA)
    if unknown:
        errors.append(FieldError("筛选标准", f"未知的标准：{'、'.join(sorted(unknown))}"))
    if not (reason or "").strip():
        errors.append(FieldError("筛选理由", "每项决定都须写明理由"))
    decision = "reserve" if not missing and all(verdicts.values()) else "rejected"
    if decision == "reserve":
        if cost is None or cost <= 0:
            errors.append(FieldError("估算金额", "入储备库须填写估算金额（万元）"))
        if department_id is None or session.get(Department, department_id) is None:
            errors.append(FieldError("责任单位", "入储备库须选择责任单位"))
    if errors:
        raise ValidationFailed(errors)
    before = {"状态": PROPOSAL_STATES[p.state], "理由": p.reason}
    p.state, p.reason, p.criteria = decision, reason.strip(), json.dumps(verdicts, ensure_ascii=False, sort_keys=True)
    p.cost, p.department_id = cost, department_id
    p.decided_by, p.decided_at = actor, datetime.now()
    session.flush()
    record(session, actor, "proposal", p.id, "update", before=before,
           after={"状态": PROPOSAL_STATES[decision], "理由": p.reason,
                  "标准": {SCREENING_CRITERIA[k]: v for k, v in verdicts.items()}})
    return decision


def proposals(session: Session, call_id: int, state: str | None = None) -> pd.DataFrame:
    """The call's proposals with their supporter count (proposer included), most supported first."""
    st, dept = aliased(Station), aliased(Department)
    supporters = (select(ProposalSupport.proposal_id, func.count(ProposalSupport.id).label("n"))
                  .group_by(ProposalSupport.proposal_id).subquery())
    q = (select(Proposal.id, Proposal.title, Proposal.proposer, Proposal.source, Proposal.place, st.name,
                func.coalesce(supporters.c.n, 0) + 1, Proposal.state, Proposal.cost, dept.name, Proposal.reason,
                Suggestion.number)
         .outerjoin(supporters, supporters.c.proposal_id == Proposal.id)
         .outerjoin(Suggestion, Suggestion.id == Proposal.suggestion_id)
         .outerjoin(st, st.id == Proposal.station_id).outerjoin(dept, dept.id == Proposal.department_id)
         .where(Proposal.call_id == call_id)
         .order_by((func.coalesce(supporters.c.n, 0)).desc(), Proposal.id))
    if state:
        q = q.where(Proposal.state == state)
    rows = [(i, t, who, PROPOSAL_SOURCES[src] + (f"（代表建议{number}）" if number else ""), place or "", sn or "", n,
             PROPOSAL_STATES[s], float(cost) if cost is not None else None, dn or "", reason or "")
            for i, t, who, src, place, sn, n, s, cost, dn, reason, number in session.execute(q)]
    return pd.DataFrame(rows, columns=PROPOSAL_COLUMNS)


def window_left(session: Session, call_id: int, today: date | None = None) -> int:
    """Days left in the call's window (0 once it has closed)."""
    call = get_call(session, call_id)
    return max(0, (call.closes_on - (today or date.today())).days + 1)


def default_window(today: date | None = None) -> tuple[date, date]:
    """A 30-day window starting today: the form's suggestion."""
    today = today or date.today()
    return today, today + timedelta(days=29)
