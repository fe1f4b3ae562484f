"""A project vote's life: set up (from the reserve pool), open (frozen), close and count, a
further vote (另行表决) for a tie at the last place. Ballots themselves are in `ballots` (issuing,
casting) and `box` (what the box holds)."""
from __future__ import annotations

import json
from datetime import datetime
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..core.access import require
from ..core.audit import record
from ..core.errors import ToolkitError
from ..core.glossary import VOTE_LEVELS, VOTE_STATES
from ..core.principal import acting_name
from ..core.records import fetch
from ..network.models import Department
from .box import fingerprint, turnout
from .models import Project, ProjectCall, Proposal
from .vote_models import Ballot, Vote, VoteCandidate, VoteRegister
from .vote_rules import DEFAULT_QUORUM, VoteRules, count

# Common practice for a 差额 vote: 10 of 12, 12 of 15, at most 15 of 20 (candidates per place).
PRACTICE_RATIO = (Fraction(6, 5), Fraction(4, 3))


def create_vote(session: Session, name: str, level: str, seats: int, electorate: int,
                form: str = "itemised", threshold: str = "all", uncontested: bool = False,
                call_id: int | None = None, budget: float | None = None, parent_id: int | None = None) -> int:
    """Set up a vote; candidates are added before it opens."""
    actor = acting_name(session)
    VoteRules(seats=max(seats, 1), electorate=electorate, form=form, threshold=threshold).check(["占位"] * max(seats, 1))
    if not (name or "").strip():
        raise ToolkitError("请填写票决名称")
    if level not in VOTE_LEVELS:
        raise ToolkitError("票决在县、乡人代会进行：层级应为 county 或 township")
    if budget is not None and budget <= 0:
        raise ToolkitError("预算总额应为正数（万元）")
    if call_id is not None:
        fetch(session, ProjectCall, call_id)
    require(session, "vote.manage", target=name.strip())
    v = Vote(name=name.strip(), level=level, seats=seats, electorate=electorate, form=form, threshold=threshold,
             created_by=actor, uncontested=bool(uncontested), call_id=call_id, budget=budget, parent_id=parent_id)
    session.add(v)
    session.flush()
    record(session, actor, "vote", v.id, "create", after=_rules_of(v))
    return v.id


def _rules_of(v: Vote) -> dict:
    return {"名称": v.name, "应选": v.seats, "全体代表": v.electorate, "表决方式": v.form, "通过标准": v.threshold,
            "等额": v.uncontested}


def get_vote(session: Session, vote_id: int) -> Vote:
    """The vote or NotFound."""
    return fetch(session, Vote, vote_id)


def add_candidate(session: Session, vote_id: int, name: str, cost: float | None = None,
                  department: str | None = None, proposal_id: int | None = None) -> int:
    """Put a shortlisted project on the ballot (only before the vote opens)."""
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    if v.state != "draft":
        raise ToolkitError("票决已开始，候选项目和规则已锁定")
    if not (name or "").strip():
        raise ToolkitError("请填写候选项目名称")
    if cost is not None and cost < 0:
        raise ToolkitError("估算金额不能为负数")
    c = VoteCandidate(vote_id=vote_id, name=name.strip(), cost=cost, department=department, proposal_id=proposal_id)
    try:
        with session.begin_nested():
            session.add(c)
            session.flush()
    except IntegrityError:
        raise ToolkitError(f"已有候选项目「{name.strip()}」") from None
    return c.id


def add_from_reserve(session: Session, vote_id: int, proposal_ids: list[int]) -> int:
    """Form the candidate list from the reserve pool: each keeps its estimate and responsible unit."""
    n = 0
    for pid in dict.fromkeys(proposal_ids):
        p = fetch(session, Proposal, pid)
        if p.state != "reserve":
            raise ToolkitError(f"「{p.title}」不在储备库中，不能列为候选项目")
        dept = session.get(Department, p.department_id)
        add_candidate(session, vote_id, p.title, float(p.cost), dept.name if dept else None, proposal_id=p.id)
        p.state = "candidate"
        n += 1
    session.flush()
    return n


def candidates(session: Session, vote_id: int) -> list[str]:
    """Candidate names in ballot order."""
    return list(session.scalars(select(VoteCandidate.name).where(VoteCandidate.vote_id == vote_id)
                                .order_by(VoteCandidate.id)))


def ballot_advice(seats: int, n: int, uncontested: bool) -> tuple[str | None, str | None]:
    """(refusal, warning) for n candidates on `seats` places: 等额 must be chosen, odd ratios are flagged."""
    if n < seats:
        return f"候选项目{n}个，少于应选的{seats}个", None
    if n == seats and not uncontested:
        return f"候选项目数等于应选数（{n}个），是等额票决：如确为等额，请明确选择「等额票决」", None
    if n > seats and uncontested:
        return f"已选择等额票决，候选项目数应等于应选数{seats}，现有{n}个", None
    low, high = PRACTICE_RATIO
    if n > seats and not low <= Fraction(n, seats) <= high:
        return None, (f"差额比例为{n}选{seats}，不在常见做法之内（12选10、15选12、至多20选15），"
                      f"请确认候选项目数量")
    return None, None


def advice_for(session: Session, vote_id: int) -> tuple[str | None, str | None]:
    """The advice for a vote's current candidate list."""
    v = get_vote(session, vote_id)
    return ballot_advice(v.seats, len(candidates(session, vote_id)), v.uncontested)


def open_vote(session: Session, vote_id: int) -> str | None:
    """Open the vote: from now on its candidates and rules are frozen. Returns the ratio warning, if any."""
    actor = acting_name(session)
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    if v.state != "draft":
        raise ToolkitError(f"票决状态为「{VOTE_STATES[v.state]}」，不能开始")
    names = candidates(session, vote_id)
    VoteRules(seats=v.seats, electorate=v.electorate, form=v.form, threshold=v.threshold).check(names)
    refusal, warning = ballot_advice(v.seats, len(names), v.uncontested)
    if refusal:
        raise ToolkitError(refusal)
    v.state, v.opened_at = "open", datetime.now()
    session.flush()
    record(session, actor, "vote", v.id, "open", before={"状态": "筹备中"},
           after={**_rules_of(v), "候选项目": names, "提示": warning})
    return warning


def before_closing(session: Session, vote_id: int, present: int | None = None) -> str:
    """What the chair must read before closing for good: turnout against the quorum, and what
    follows (a count, or a void vote)."""
    v = get_vote(session, vote_id)
    if v.state != "open":
        raise ToolkitError(f"票决状态为「{VOTE_STATES[v.state]}」，不能计票")
    t = turnout(session, vote_id)
    present = t["issued"] if present is None else present
    needed = -(-DEFAULT_QUORUM.numerator * v.electorate // DEFAULT_QUORUM.denominator)      # ceiling
    quorum = f"出席{present}人 / 全体代表{v.electorate}人（须达到{DEFAULT_QUORUM}，即至少{needed}人）"
    if present < needed:
        outcome = "出席人数不足，本次票决将作无效处理，选票不计票，应另行组织投票。"
    else:
        outcome = "出席人数已达到法定人数，结束后立即计票并公布结果。"
    return (f"{v.name}：{quorum}；已发出选票{t['issued']}张，收回{t['returned']}张。{outcome}"
            "结束后不能再投票，也不能撤销。")


def close_and_count(session: Session, vote_id: int, present: int | None = None) -> dict:
    """Close the vote and count the box; a void vote is recorded as void with its reason.

    Present defaults to the deputies handed a ballot (register and paper); selected projects
    go straight to supervision."""
    actor = acting_name(session)

    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    if v.state != "open":
        raise ToolkitError(f"票决状态为「{VOTE_STATES[v.state]}」，不能计票")
    names = candidates(session, vote_id)
    ballots = [json.loads(m) for m in session.scalars(select(Ballot.marks).where(Ballot.vote_id == vote_id))]
    issued = turnout(session, vote_id)["issued"]
    present = issued if present is None else present
    rules = VoteRules(seats=v.seats, electorate=v.electorate, present=present, issued=issued, form=v.form,
                      threshold=v.threshold)
    result = count(ballots, names, rules).as_json()
    v.present, v.closed_at = present, datetime.now()
    v.state = "void" if result["void"] else "closed"
    v.result, v.fingerprint = json.dumps(result, ensure_ascii=False), fingerprint(session, vote_id)
    session.flush()
    record(session, actor, "vote", v.id, "void" if result["void"] else "close", before={"状态": "投票中"},
           after={"出席": present, "发出": issued, "收回": len(ballots), "入选": result["selected"],
                  "另行表决": result["runoff"], "无效原因": result["void"], "票箱指纹": v.fingerprint})
    if not result["void"]:
        _start_projects(session, v, result["selected"])
    return result


def _start_projects(session: Session, v: Vote, selected: list[str]) -> None:
    year = session.scalar(select(ProjectCall.year).where(ProjectCall.id == v.call_id)) if v.call_id else None
    for c in session.scalars(select(VoteCandidate).where(VoteCandidate.vote_id == v.id,
                                                         VoteCandidate.name.in_(selected))):
        dept = session.scalar(select(Department.id).where(Department.name == c.department)) if c.department else None
        session.add(Project(candidate_id=c.id, name=c.name, department_id=dept, cost=c.cost,
                            year=year or v.closed_at.year, progress=0))
    session.flush()


def result_of(session: Session, vote_id: int) -> dict | None:
    """The stored count, or None before it."""
    v = get_vote(session, vote_id)
    return json.loads(v.result) if v.result else None


def create_runoff(session: Session, vote_id: int) -> int:
    """The further vote (另行表决) among the candidates tied at the last place, for the places left."""
    actor = acting_name(session)
    v = get_vote(session, vote_id)
    require(session, "vote.manage", target=v.name)
    result = result_of(session, vote_id)
    if v.state != "closed" or not result or not result["runoff"]:
        raise ToolkitError("该票决没有需要另行表决的并列项目")
    if session.scalar(select(Vote.id).where(Vote.parent_id == vote_id)):
        raise ToolkitError("已为该票决建立另行表决")
    seats = v.seats - len(result["selected"])
    child = create_vote(session, f"{v.name}（另行表决）", v.level, seats, v.electorate, v.form, v.threshold,
                        call_id=v.call_id, budget=v.budget, parent_id=v.id)
    for c in session.scalars(select(VoteCandidate).where(VoteCandidate.vote_id == vote_id,
                                                         VoteCandidate.name.in_(result["runoff"]))
                             .order_by(VoteCandidate.id)):
        add_candidate(session, child, c.name, float(c.cost) if c.cost is not None else None, c.department, c.proposal_id)
    record(session, actor, "vote", vote_id, "runoff", after={"另行表决": child, "候选项目": result["runoff"], "应选": seats})
    return child


def list_votes(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, state) of every vote, newest first."""
    return [tuple(r) for r in session.execute(select(Vote.id, Vote.name, Vote.state).order_by(Vote.id.desc()))]


def candidate_rows(session: Session, vote_id: int) -> list[tuple[str, float | None, str]]:
    """(name, cost, department) of each candidate, in ballot order."""
    return [(n, float(c) if c is not None else None, d or "") for n, c, d in session.execute(
        select(VoteCandidate.name, VoteCandidate.cost, VoteCandidate.department)
        .where(VoteCandidate.vote_id == vote_id).order_by(VoteCandidate.id))]


def registered(session: Session, vote_id: int) -> int:
    """How many deputies are in the register (issued or voted)."""
    return session.scalar(select(func.count(VoteRegister.id)).where(VoteRegister.vote_id == vote_id))
