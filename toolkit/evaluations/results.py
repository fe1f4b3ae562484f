"""Results of a round per target, counted by the database over current responses only."""
from __future__ import annotations

from fractions import Fraction

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import EvalItem, EvalResponse, EvalRound, EvalScore, EvalTarget
from .rules import VERDICTS, Formula, committee_verdict, needs_rectification, rates
from .services import get_round


def formula_of(r: EvalRound) -> Formula:
    """The round's counting rule."""
    return Formula(r.numerator, r.denominator)


def round_results(session: Session, round_id: int) -> pd.DataFrame:
    """Per target: responses, each verdict, 满意率, 不满意率, the committee 结论, 整改, item averages."""
    r = get_round(session, round_id)
    formula = formula_of(r)
    counts: dict[int, dict[str, int]] = {}
    for tid, verdict, n in session.execute(
            select(EvalResponse.target_id, EvalResponse.verdict, func.count())
            .where(EvalResponse.round_id == round_id, EvalResponse.replaced_at.is_(None))
            .group_by(EvalResponse.target_id, EvalResponse.verdict)):
        counts.setdefault(tid, {v: 0 for v in VERDICTS})[verdict] = n
    items = list(session.execute(select(EvalItem.id, EvalItem.label).where(EvalItem.round_id == round_id)
                                 .order_by(EvalItem.position)))
    averages = {(t, i): float(a) for t, i, a in session.execute(
        select(EvalResponse.target_id, EvalScore.item_id, func.avg(EvalScore.score))
        .join(EvalResponse, EvalResponse.id == EvalScore.response_id)
        .where(EvalResponse.round_id == round_id, EvalResponse.replaced_at.is_(None))
        .group_by(EvalResponse.target_id, EvalScore.item_id))}
    limit = Fraction(r.unsatisfied_limit)
    floor = Fraction(r.satisfied_floor) if r.satisfied_floor else None
    rows = []
    for tid, label in session.execute(select(EvalTarget.id, EvalTarget.label)
                                      .where(EvalTarget.round_id == round_id).order_by(EvalTarget.id)):
        c = counts.get(tid, {v: 0 for v in VERDICTS})
        sat, unsat = rates(c, formula)
        row = {"id": tid, "测评对象": label, "票数": sum(c.values()), **c, "满意率": sat, "不满意率": unsat}
        if r.members:
            row["结论"] = committee_verdict(c, r.members) if sum(c.values()) <= r.members else "票数超过组成人员数"
        row["整改"] = needs_rectification(c, formula, limit, floor) if sum(c.values()) else False
        for iid, ilabel in items:
            avg = averages.get((tid, iid))
            row[ilabel] = round(avg, 2) if avg is not None else None
        rows.append(row)
    return pd.DataFrame(rows)


NOT_RATED = "未参评"


def ranking(session: Session, round_id: int) -> pd.DataFrame:
    """Targets ranked by 满意率 (then fewer 不满意), with a 名次 column: equal rates share a place
    (1, 1, 3), and a target nobody rated has none (未参评, last) — 25 units with no votes were
    ranked 1 to 25."""
    df = round_results(session, round_id)
    if df.empty:
        return df
    df = df.sort_values(["满意率", "不满意率", "票数"], ascending=[False, True, False])
    rated, unrated = df[df["票数"] > 0].reset_index(drop=True), df[df["票数"] == 0]
    places, place, last = [], 0, None
    for i, key in enumerate(zip(rated["满意率"], rated["不满意率"])):
        if key != last:
            place, last = i + 1, key
        places.append(place)
    df = pd.concat([rated, unrated], ignore_index=True)
    df.insert(0, "名次", [*places, *[NOT_RATED] * len(unrated)])
    return df


def comments(session: Session, round_id: int) -> pd.DataFrame:
    """The comments left, by target (who left them is not shown)."""
    rows = session.execute(select(EvalTarget.label, EvalResponse.comment)
                           .join(EvalTarget, EvalTarget.id == EvalResponse.target_id)
                           .where(EvalResponse.round_id == round_id, EvalResponse.replaced_at.is_(None),
                                  EvalResponse.comment.is_not(None)).order_by(EvalTarget.id, EvalResponse.id))
    return pd.DataFrame(list(rows), columns=["测评对象", "意见"])
