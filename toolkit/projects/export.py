"""A stored vote in the pabulib `.pb` format, for researchers' tools.

Each valid ballot becomes an approval ballot: the candidates marked 赞成 (逐项表决) or √ (限额选择).
Over-marked (invalid) ballots are left out, as in the count. The budget is the vote's own, or,
when it has none, the sum of the candidates' estimates, so the file stays well-formed."""
from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import ToolkitError
from ..formats.pabulib import Instance, write_pb
from .budget_rules import equal_shares_completed, greedy
from .vote_models import Ballot
from .vote_rules import VoteRules, read_ballot
from .votes import candidate_rows, get_vote, result_of


def vote_instance(session: Session, vote_id: int) -> Instance:
    """The vote as a pabulib instance (only after the count: the box is secret until then)."""
    v = get_vote(session, vote_id)
    r = result_of(session, vote_id)
    if r is None:
        raise ToolkitError("计票后才能导出票决数据")
    rows = candidate_rows(session, vote_id)
    names = [n for n, _, _ in rows]
    ids = {n: str(i) for i, n in enumerate(names, start=1)}
    rules = VoteRules(seats=v.seats, electorate=v.electorate, form=v.form, threshold=v.threshold)
    votes = []
    for marks in session.scalars(select(Ballot.marks).where(Ballot.vote_id == vote_id).order_by(Ballot.receipt)):
        choice = read_ballot(json.loads(marks), names, rules)
        if choice is not None:
            votes.append([ids[n] for n in names if choice[n] == "for"])
    # str() first: a float still in the session (not yet read back as NUMERIC) is its shortest decimal.
    budget = Decimal(str(v.budget)) if v.budget is not None else sum((Decimal(str(c or 0)) for _, c, _ in rows), Decimal(0))
    meta = {"description": f"民生实事项目人大代表票决：{v.name}", "country": "China", "unit": v.name,
            "instance": f"{v.closed_at:%Y}" if v.closed_at else "", "num_projects": str(len(names)),
            "num_votes": str(len(votes)), "budget": _amount(budget), "vote_type": "approval",
            "rule": "majority-of-all" if v.threshold == "all" else "majority-of-present",
            "min_length": "0", "max_length": str(v.seats if v.form == "limited" else len(names)),
            "comment": f"{'逐项表决' if v.form == 'itemised' else '限额选择'}，应选{v.seats}项，全体代表{v.electorate}名；"
                       f"逐项表决的赞成票记为 approval"}
    projects = {ids[n]: {"project_id": ids[n], "cost": _amount(Decimal(str(c or 0))), "name": n, "department": d,
                         "votes": str(r["candidates"][n]["for"]), "selected": "1" if n in r["selected"] else "0"}
                for n, c, d in rows}
    return Instance(meta=meta, projects=projects, votes=votes)


def _amount(x: Decimal) -> str:
    """An amount as the .pb file writes it: every digit, no exponent (10000001 stays 10000001, 12.50 is 12.5)."""
    text = format(x, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def vote_pb(session: Session, vote_id: int) -> str:
    """The .pb text of a counted vote."""
    return write_pb(vote_instance(session, vote_id))


def budget_analysis(session: Session, vote_id: int):
    """For analysts: beside the legal result, what approval-greedy within the budget and the Method
    of Equal Shares (completed) would fund. None when the vote has no budget or a cost is missing."""
    import pandas as pd


    v = get_vote(session, vote_id)
    rows = candidate_rows(session, vote_id)
    if v.budget is None or result_of(session, vote_id) is None or any(c is None for _, c, _ in rows):
        return None
    inst = vote_instance(session, vote_id)
    if not inst.votes:
        return None
    by_greedy, by_mes = set(greedy(inst)), set(equal_shares_completed(inst))
    mark = lambda yes: "√" if yes else ""  # noqa: E731
    out = [(p["name"], float(p["cost"]), int(p["votes"]), mark(p["selected"] == "1"), mark(pid in by_greedy), mark(pid in by_mes))
           for pid, p in inst.projects.items()]
    return pd.DataFrame(out, columns=["候选项目", "估算金额（万元）", "赞成", "法定结果", "预算内得票优先", "均等份额法"])
